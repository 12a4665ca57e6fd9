import { describe, expect, it } from 'vitest';
import { makeBreach, user } from '../../analyst/breachFixture.js';
import rule from './significantComplianceActivityBlock.js';
import { ruleContext } from './testing.js';

describe(rule.meta.name, () => {
  const ctx = ruleContext(rule);

  it('removes a significant inbox rule, named from the evidence', () => {
    const b = makeBreach({
      model: 'SaaS / Compromise / Unusual Login and New Email Rule',
      time: 1,
      entity: user('bob@contoso.com'),
      score: 85,
      evidence: [{ label: 'Rule name', value: '..' }],
    });
    expect(rule.onBreach!(b, ctx)).toEqual([
      expect.objectContaining({ action: 'remove_inbox_rule', scope: { ruleName: '..' }, reason: [b.id] }),
    ]);
  });

  it('leaves an ordinary tidy-up rule alone', () => {
    const b = makeBreach({
      model: 'SaaS / Compliance / New Email Rule',
      time: 1,
      entity: user('dave@contoso.com'),
      score: 25,
    });
    expect(rule.onBreach!(b, ctx)).toEqual([]);
  });
});
