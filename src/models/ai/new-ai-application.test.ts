import { describe, expect, it } from 'vitest';
import { runModels } from '../testing.js';
import definition from './new-ai-application.js';
import { anyModel, DAY, HOUR, ordinaryDays, prompt, T0 } from './test-events.js';

const model = anyModel(definition);

const T = T0 + 14 * DAY + 10 * HOUR;
const people = ['ann@c.com', 'bob@c.com', 'cat@c.com', 'dan@c.com', 'eve@c.com'];

describe(model.meta.name, () => {
  it('fires when an established user starts on an app nobody uses', () => {
    const { breaches } = runModels(
      [model],
      [...ordinaryDays(people, 14, 3), prompt('ann@c.com', T, { app: 'free-pdf-ai.example' })],
      { learnUntil: T },
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence[0]!.baseline).toMatch(/first use by anyone/);
  });

  it('stays silent for apps colleagues already use, and for users still being learnt', () => {
    const copilot = ordinaryDays(people.slice(1), 14, 3, () => ({ app: 'copilot' }));
    const { breaches } = runModels(
      [model],
      [
        ...ordinaryDays(people, 14, 3),
        ...copilot,
        prompt('ann@c.com', T, { app: 'copilot' }),
        prompt('newbie@c.com', T, { app: 'x' }),
        prompt('newbie@c.com', T + 1, { app: 'y' }),
      ].sort((a, b) => a.time - b.time),
      { learnUntil: T },
    );
    expect(breaches).toEqual([]);
  });
});
