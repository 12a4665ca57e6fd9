import { describe, expect, it } from 'vitest';
import { runModels } from '../testing.js';
import definition from './jailbreak-attempt.js';
import { anyModel, finding, prompt, T0 } from './test-events.js';

const model = anyModel(definition);

describe(model.meta.name, () => {
  it('fires on a jailbreak finding, with its type and span and not the text', () => {
    const { breaches } = runModels(
      [model],
      [prompt('ann@c.com', T0, { findings: [finding('jailbreak', 'role_play')] })],
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.model).toBe(model.meta.name);
    expect(breaches[0]!.entity).toEqual({ kind: 'user', id: 'ann@c.com' });
    expect(breaches[0]!.evidence[0]!.value).toBe('role_play');
    expect(breaches[0]!.related).toEqual([{ kind: 'ai-app', id: 'chat.contoso-ai' }]);
  });

  it('stays silent on other categories, low-confidence findings and clean prompts', () => {
    const { breaches } = runModels(
      [model],
      [
        prompt('ann@c.com', T0, { findings: [finding('prompt_injection', 'ignore_previous_instructions')] }),
        prompt('ann@c.com', T0 + 1, { findings: [finding('jailbreak', 'role_play', 0.2)] }),
        prompt('ann@c.com', T0 + 2),
      ],
    );
    expect(breaches).toEqual([]);
  });
});
