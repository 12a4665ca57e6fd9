import { describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach } from '../../analyst/breachFixture.js';
import rule from './controlledAndModelBreach.js';
import { ruleContext } from './testing.js';

describe(rule.meta.name, () => {
  const ctx = ruleContext(rule, { '10.0.0.7': ['Controlled'] });
  const breach = (id: string, score: number) =>
    makeBreach({ model: 'Anomalous Connection::Rare External SSL Self-Signed', time: 1, entity: device(id), score });

  it('enforces the pattern of life of a controlled device on a moderate breach', () => {
    expect(rule.onBreach!(breach('10.0.0.7', 45), ctx)).toEqual([
      expect.objectContaining({ action: 'enforce_pattern_of_life', target: device('10.0.0.7') }),
    ]);
  });

  it("names the breach's endpoints as denied, so a pattern of life that learned them does not allow them", () => {
    const c2 = makeBreach({
      model: 'Compromise::Beaconing Activity To External Rare',
      time: 1,
      entity: device('10.0.0.7'),
      score: 70,
      related: [endpoint('45.9.148.3'), { kind: 'user', id: 'bob@contoso.com' }],
    });
    expect(rule.onBreach!(c2, ctx)[0]?.scope).toEqual({ deny: ['45.9.148.3'] });
    expect(rule.onBreach!(breach('10.0.0.7', 45), ctx)[0]?.scope).toBeUndefined();
  });

  it('does nothing for an untagged device or a weak breach', () => {
    expect(rule.onBreach!(breach('10.0.0.8', 95), ctx)).toEqual([]);
    expect(rule.onBreach!(breach('10.0.0.7', 20), ctx)).toEqual([]);
  });
});
