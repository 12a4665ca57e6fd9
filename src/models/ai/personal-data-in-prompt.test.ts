import { describe, expect, it } from 'vitest';
import { runModels } from '../testing.js';
import definition from './personal-data-in-prompt.js';
import { anyModel, finding, prompt, T0 } from './test-events.js';

const model = anyModel(definition);

describe(model.meta.name, () => {
  it('fires on a personal_data finding, with its type and span and not the text', () => {
    const { breaches } = runModels(
      [model],
      [prompt('ann@c.com', T0, { findings: [finding('personal_data', 'email')] })],
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.model).toBe(model.meta.name);
    expect(breaches[0]!.entity).toEqual({ kind: 'user', id: 'ann@c.com' });
    expect(breaches[0]!.evidence[0]!.value).toBe('email');
    expect(breaches[0]!.related).toEqual([{ kind: 'ai-app', id: 'chat.contoso-ai' }]);
  });

  it('scores a payment card or national identifier above contact details, and those above a name', () => {
    const score = (type: string) =>
      runModels([model], [prompt('ann@c.com', T0, { findings: [finding('personal_data', type)] })]).breaches[0]!.score;
    expect(score('payment_card')).toBe(score('us_ssn'));
    expect(score('payment_card')).toBeGreaterThan(score('email'));
    expect(score('email')).toBeGreaterThan(score('person_name'));
  });

  it('stays silent on other categories, low-confidence findings and clean prompts', () => {
    const { breaches } = runModels(
      [model],
      [
        prompt('ann@c.com', T0, { findings: [finding('credential', 'aws_access_key')] }),
        prompt('ann@c.com', T0 + 1, { findings: [finding('personal_data', 'email', 0.2)] }),
        prompt('ann@c.com', T0 + 2),
      ],
    );
    expect(breaches).toEqual([]);
  });
});
