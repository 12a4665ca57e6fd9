import { describe, expect, test } from 'vitest';
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
