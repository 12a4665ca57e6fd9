import { describe, expect, it } from 'vitest';
import { device, makeBreach } from '../../analyst/breachFixture.js';
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

  it('does nothing for an untagged device or a weak breach', () => {
    expect(rule.onBreach!(breach('10.0.0.8', 95), ctx)).toEqual([]);
    expect(rule.onBreach!(breach('10.0.0.7', 20), ctx)).toEqual([]);
  });
});
