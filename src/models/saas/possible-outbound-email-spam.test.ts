import { describe, expect, test } from 'vitest';
import type { Event, OrgMessageEvent } from '../../events/event.js';
import { benignDays, DAY, directory, HOUR, MIN, organisation, run, send, T0, ualSend } from './events.suite.js';
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

describe(`${model.meta.name}: from unified audit log Send records (no recipient list)`, () => {
  const staff = organisation(12);
  const marketer = staff.find((u) => u.externalPerDay >= 1000)!;
  const ordinary = staff.find((u) => u.department === 'sales')!;
  // Two weeks of Send records: a handful a day each, the marketer's individually addressed campaign of 250.
  const auditHistory: Event[] = staff.map((u) => directory(u.upn, u.department));
  for (let d = 0; d < 14; d++) {
    for (const [i, u] of staff.entries()) {
      const count = u === marketer ? 250 : 3 + ((d + i) % 5);
      for (let s = 0; s < count; s++) auditHistory.push(ualSend(u.upn, T0 + d * DAY + 9 * HOUR + s * 20_000, u.home));
    }
  }
  const burst = (user: string, n: number) =>
    Array.from({ length: n }, (_, i) => ualSend(user, t + i * 10_000, undefined, ['invoice.html']));

  test('the decoded records carry no recipient counts', () => {
    const e = ualSend(ordinary.upn, t);
    expect(e.recipientsExternal).toBeUndefined();
    expect(e.recipientsInternal).toBeUndefined();
  });

  test('fires once when a taken-over mailbox sends hundreds of messages in a day', () => {
    const { breaches } = run([model], [...auditHistory, ...burst(ordinary.upn, 300)]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.entity).toEqual({ kind: 'user', id: ordinary.upn });
    expect(breaches[0]!.summary).toMatch(/sent 100 messages today, against at most 7/);
    expect(breaches[0]!.evidence[0]!.baseline).toMatch(/busiest earlier day 7 .*limit 100/);
  });

  test("stays silent for the marketer's usual campaign and an ordinary day", () => {
    const usual = [...burst(marketer.upn, 300), ...burst(ordinary.upn, 6)].sort((a, b) => a.time - b.time);
    expect(run([model], [...auditHistory, ...usual]).breaches).toHaveLength(0);
  });

  test("a newcomer is judged by the department's usual busiest day", () => {
    const newInMarketing = 'new.marketer@contoso.com';
    const newInSales = 'new.seller@contoso.com';
    const joiners = [directory(newInMarketing, 'marketing', t - DAY), directory(newInSales, 'sales', t - DAY)];
    const sent = [...burst(newInMarketing, 300), ...burst(newInSales, 300)].sort((a, b) => a.time - b.time);
    const { breaches } = run([model], [...auditHistory, ...joiners, ...sent]);
    expect(breaches.map((b) => b.entity.id)).toEqual([newInSales]);
  });
});
