import { describe, expect, test } from 'vitest';
import type { OrgMessageEvent } from '../../events/event.js';
import { benignDays, DAY, HOUR, MIN, organisation, run, send, T0 } from './events.suite.js';
import model from './possible-outbound-email-spam.js';

const users = organisation(12);
const history = benignDays(users, 14);
const t = T0 + 15 * DAY + 10 * HOUR;

function blast(user: string, batches: number, perBatch: number) {
  return Array.from({ length: batches }, (_, i) => send(user, t + i * MIN, 0, perBatch, undefined, ['invoice.html']));
}

describe(model.meta.name, () => {
  test('fires once when an ordinary user mails thousands of outsiders', () => {
    const { breaches } = run([model], [...history, ...blast(users[0]!.upn, 40, 100)]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence[0]!.baseline).toMatch(/busiest earlier day \d+/);
  });

  test("stays silent for a marketer's usual bulk send", () => {
    const marketer = users.find((u) => u.externalPerDay >= 1000)!;
    expect(run([model], [...history, ...blast(marketer.upn, 30, 100)]).breaches).toHaveLength(0);
  });
});

describe(`${model.meta.name}: from message trace rows`, () => {
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
    trace(sender, 'client@fabrikam.example', T0 + d * DAY + 9 * HOUR),
    trace(sender, 'ann@contoso.com', T0 + d * DAY + 10 * HOUR),
  ]).flat();

  test('fires when one sender reaches hundreds of outside recipients in a day', () => {
    const burst = Array.from({ length: 400 }, (_, i) => trace(sender, `victim${i}@mail.example`, t + i * 1000));
    const { breaches } = run([model], [...usual, ...burst]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.entity).toEqual({ kind: 'user', id: sender });
  });

  test('stays silent for the same number of colleagues', () => {
    const internal = Array.from({ length: 400 }, (_, i) => trace(sender, `staff${i}@contoso.com`, t + i * 1000));
    expect(run([model], [...usual, ...internal]).breaches).toHaveLength(0);
  });
});
