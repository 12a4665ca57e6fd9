import { describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach, user } from '../../analyst/breachFixture.js';
import rule from './significantAnomalyFromClientBlock.js';
import { ruleContext } from './testing.js';

describe(rule.meta.name, () => {
  const ctx = ruleContext(rule);
  const strong = makeBreach({
    model: 'Compromise::Fast Beaconing to DGA',
    time: 1000,
    entity: device('10.0.0.5'),
    score: 92,
    related: [endpoint('45.9.148.3'), { kind: 'ai-app', id: 'x' }],
  });

  it('blocks a device from the endpoints of one strong network breach', () => {
    expect(rule.onBreach!(strong, ctx)).toEqual([
      expect.objectContaining({
        action: 'block_connections',
        target: device('10.0.0.5'),
        scope: { endpoints: ['45.9.148.3'] },
      }),
    ]);
  });

  it('holds a device to its pattern of life on a strong breach about no external endpoint (an internal scan)', () => {
    const scan = makeBreach({ model: 'Device::Network Scan', time: 2000, entity: device('10.0.0.9'), score: 85 });
    expect(rule.onBreach!(scan, ctx)).toEqual([
      expect.objectContaining({ action: 'enforce_pattern_of_life', target: device('10.0.0.9'), reason: [scan.id] }),
    ]);
    expect(rule.meta.modeOf?.enforce_pattern_of_life).toBe('human_confirmation');
    expect(rule.onBreach!({ ...scan, score: 80 }, ctx)).toEqual([]);
  });

  it('leaves weaker breaches and SaaS breaches alone', () => {
    expect(rule.onBreach!({ ...strong, score: 70 }, ctx)).toEqual([]);
    expect(
      rule.onBreach!({ ...strong, model: 'SaaS / Access / Suspicious Login Attempt', entity: user('a@b.c') }, ctx),
    ).toEqual([]);
  });
});
