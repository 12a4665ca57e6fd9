import { describe, expect, it } from 'vitest';
import type { Evidence } from '../models/breach.js';
import { device, makeBreach } from './breachFixture.js';
import { breachRarity } from './rarity.js';

const withEvidence = (...evidence: Evidence[]) =>
  breachRarity(
    makeBreach({
      model: 'Compromise::Beaconing Activity To External Rare',
      time: 0,
      entity: device('10.0.0.5'),
      score: 70,
      evidence,
    }),
  );

describe('breach rarity', () => {
  it('reads structured rarity from its numbers, whatever the words say', () => {
    expect(withEvidence({ label: 'Endpoint', value: 'x', rarity: { seenBy: 1, of: 412 } })).toBeCloseTo(1 - 1 / 412);
    expect(withEvidence({ label: 'Endpoint', value: 'x', rarity: { seenBy: 1, of: 2, first: true } })).toBe(1);
    // The words say "first"; the numbers say 3 of 4 devices use it: the numbers win.
    expect(
      withEvidence({
        label: 'Endpoint',
        value: 'x',
        baseline: 'first time for this device',
        rarity: { seenBy: 3, of: 4 },
      }),
    ).toBeCloseTo(0.25);
    // Nonsense numbers say nothing.
    expect(withEvidence({ label: 'Endpoint', value: 'x', rarity: { seenBy: 5, of: 0 } })).toBeUndefined();
  });

  it('falls back to the words of the baseline, as the network models write them on real logs', () => {
    // Baselines of breaches replayed from ../shared/data/zeek (stratosphere-security-datasets).
    expect(
      withEvidence({
        label: 'Endpoint',
        value: '91.189.91.157:80',
        baseline: 'first connection from any device in the 30 days seen; 1 of 2 devices',
      }),
    ).toBe(1);
    expect(
      withEvidence({
        label: 'Endpoint',
        value: 'pico.eset.com:443',
        baseline: '3 of 30 devices in the 30 days seen; first seen 6 d ago',
      }),
    ).toBeCloseTo(0.9);
    expect(withEvidence({ label: 'Beacon score', value: 0.93, baseline: 'threshold 0.8' })).toBeUndefined();
    expect(
      withEvidence({ label: 'DNS', value: 'none', baseline: 'no DNS answer for this IP in the 1 days seen' }),
    ).toBe(undefined);
  });

  it('takes the rarest evidence of a breach, structured and worded alike', () => {
    expect(
      withEvidence(
        { label: 'Network', value: 'AS14061', rarity: { seenBy: 12, of: 24 } },
        { label: 'Endpoint', value: 'x', baseline: '2 of 24 devices in the 30 days seen; first seen 2 h ago' },
      ),
    ).toBeCloseTo(1 - 2 / 24);
  });
});
