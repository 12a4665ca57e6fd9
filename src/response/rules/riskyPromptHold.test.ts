import { describe, expect, it } from 'vitest';
import { makeBreach, user } from '../../analyst/breachFixture.js';
import rule from './riskyPromptHold.js';
import { ruleContext } from './testing.js';

describe(rule.meta.name, () => {
  const ctx = ruleContext(rule);
  const agent = { kind: 'agent' as const, id: 'svc-finance-bot' };

  it('holds the prompts of an identity after an injection attempt', () => {
    const b = makeBreach({ model: 'AI / Prompt / Prompt Injection Attempt', time: 1, entity: agent, score: 72 });
    expect(rule.onBreach!(b, ctx)).toEqual([expect.objectContaining({ action: 'hold_prompt', target: agent })]);
  });

  it('does not hold for personal data at a moderate score, nor for non-AI breaches', () => {
    const pii = makeBreach({
      model: 'AI / Prompt / Personal Data in Prompt',
      time: 1,
      entity: user('a@b.c'),
      score: 72,
    });
    expect(rule.onBreach!(pii, ctx)).toEqual([]);
    expect(rule.onBreach!({ ...pii, score: 95 }, ctx)).toHaveLength(1);
    expect(rule.onBreach!({ ...pii, model: 'SaaS / Access / Suspicious Login Attempt', score: 95 }, ctx)).toEqual([]);
  });
});
