import { describe, expect, test } from 'vitest';
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
