import { describe, expect, it } from 'vitest';
import { runModels } from '../testing.js';
import definition from './risky-prompt-following-unusual-login.js';
import { anyModel, DAY, finding, HOUR, login, ordinaryDays, prompt, standInUnusualLogin, T0 } from './test-events.js';

const model = anyModel(definition);

const T = T0 + 14 * DAY + 10 * HOUR;
const history = ordinaryDays(['ann@c.com', 'bob@c.com'], 14, 3, () => ({
  resources: ['sharepoint:/sites/sales/pipeline.xlsx'],
}));

describe(model.meta.name, () => {
  it('fires on a risky prompt after an unusual login of the same user, tied to the login breach', () => {
    const { breaches } = runModels(
      [standInUnusualLogin, model],
      [
        ...history,
        login('ann@c.com', T, '203.0.113.7'),
        prompt('ann@c.com', T + 20 * 60_000, {
          findings: [finding('policy', 'credential_theft')],
          resources: ['sharepoint:/sites/finance/budget.xlsx'],
        }),
        prompt('ann@c.com', T + 30 * 60_000, { findings: [finding('policy', 'credential_theft')] }),
      ],
      { learnUntil: T },
    );
    const loginB = breaches.find((b) => b.model === standInUnusualLogin.meta.name)!;
    const mine = breaches.filter((b) => b.model === model.meta.name);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.score).toBeGreaterThanOrEqual(80);
    expect(String(mine[0]!.evidence[0]!.value)).toContain(loginB.id);
  });

  it('stays silent for ordinary prompts after the login, risky prompts without one, and other users', () => {
    const { breaches } = runModels(
      [standInUnusualLogin, model],
      [
        ...history,
        login('ann@c.com', T, '203.0.113.7'),
        prompt('ann@c.com', T + 20 * 60_000, { resources: ['sharepoint:/sites/sales/pipeline.xlsx'] }),
        prompt('bob@c.com', T + 20 * 60_000, { findings: [finding('credential', 'password')] }),
        login('bob@c.com', T + 2 * HOUR, '198.51.100.1'),
        prompt('bob@c.com', T + 3 * HOUR, { findings: [finding('credential', 'password')] }),
      ],
      { learnUntil: T },
    );
    expect(breaches.filter((b) => b.model === model.meta.name)).toEqual([]);
  });
});
