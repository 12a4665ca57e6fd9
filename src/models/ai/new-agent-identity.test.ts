import { describe, expect, it } from 'vitest';
import { runModels } from '../testing.js';
import definition from './new-agent-identity.js';
import { anyModel, DAY, ordinaryDays, prompt, T0 } from './test-events.js';

const model = anyModel(definition);

describe(model.meta.name, () => {
  it('fires once on the first activity of a new agent, scoring acting-for and resources', () => {
    const T = T0 + 7 * DAY;
    const agent = {
      actorType: 'agent' as const,
      onBehalfOf: 'ann@c.com',
      tools: ['graph.mail.send'],
      resources: ['mailbox:/ann'],
    };
    const { breaches } = runModels(
      [model],
      [...ordinaryDays(['ann@c.com'], 7, 3), prompt('mailer-bot', T, agent), prompt('mailer-bot', T + 1000, agent)],
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.entity).toEqual({ kind: 'agent', id: 'mailer-bot' });
    expect(breaches[0]!.score).toBeGreaterThan(model.meta.severity);
  });

  it('stays silent while the organisation is still being learnt, and for humans', () => {
    const { breaches } = runModels(
      [model],
      [prompt('ann@c.com', T0), prompt('bot-1', T0 + DAY, { actorType: 'agent' }), prompt('new@c.com', T0 + 9 * DAY)],
    );
    expect(breaches).toEqual([]);
  });
});
