import { describe, expect, test } from 'vitest';
import type { OrgMessageEvent } from '../../events/event.js';
import { accessed, benignDays, DAY, HOUR, MIN, organisation, run, send, T0 } from './events.suite.js';
import model from './suspicious-internal-exchange-activity.js';

const users = organisation(12);
const history = benignDays(users, 14);
const u = users[0]!.upn;
const t = T0 + 15 * DAY + 10 * HOUR;

describe(model.meta.name, () => {
  test('fires once on bulk mail collection far beyond the usual day', () => {
    const bulk = Array.from({ length: 20 }, (_, i) => accessed(u, t + i * MIN, 500));
    const { breaches } = run([model], [...history, ...bulk]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.summary).toMatch(/mail items accessed/);
  });

  test('fires on a mail to hundreds of colleagues from someone who writes to a few', () => {
    expect(run([model], [...history, send(u, t, 400, 0)]).breaches).toHaveLength(1);
  });

  test('stays silent on an ordinary busy day', () => {
    expect(run([model], [...history, accessed(u, t, 150), send(u, t + MIN, 6, 0)]).breaches).toHaveLength(0);
  });
});

describe(`${model.meta.name}: colleagues mailed, from message trace rows`, () => {
  const trace = (from: string, to: string, time: number): OrgMessageEvent => ({
    kind: 'org.message',
    time,
    source: { input: 'trace.csv', line: time % 100_000 },
    entity: { kind: 'user', id: from },
    from,
    to: [to],
  });
  const sender = 'kim@contoso.com';
  const usual = Array.from({ length: 10 }, (_, d) => [
    trace(sender, 'ann@contoso.com', T0 + d * DAY + 9 * HOUR),
    trace(sender, 'bob@contoso.com', T0 + d * DAY + 10 * HOUR),
  ]).flat();

  test('fires once when a sender reaches hundreds of colleagues in a day', () => {
    const burst = Array.from({ length: 300 }, (_, i) => trace(sender, `staff${i}@contoso.com`, t + i * 1000));
    const { breaches } = run([model], [...usual, ...burst]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.summary).toMatch(/150 internal recipients mailed today, against at most 2/);
  });

  test('stays silent for the same number of outside recipients', () => {
    const outside = Array.from({ length: 300 }, (_, i) => trace(sender, `client${i}@fabrikam.example`, t + i * 1000));
    expect(run([model], [...usual, ...outside]).breaches).toHaveLength(0);
  });
});
