import { describe, expect, it } from 'vitest';
import { device, makeBreach } from './breachFixture.js';
import { tacticsOf } from './mitre.js';
import { breachRarity } from './rarity.js';
import { scoreIncident } from './score.js';

const at = (i: number) => 1_800_000_000_000 + i * 3_600_000;

describe('incident score', () => {
  it('rises with more models, more tactics and a later stage, and stays within 0-100', () => {
    const one = [makeBreach({ model: 'A', time: at(0), entity: device('d'), score: 40, mitre: ['T1059.001'] })];
    const repeats = [
      ...one,
      makeBreach({ model: 'A', time: at(1), entity: device('d'), score: 40, mitre: ['T1059.001'] }),
    ];
    const two = [...one, makeBreach({ model: 'B', time: at(2), entity: device('d'), score: 40, mitre: ['T1041'] })];
    const s1 = scoreIncident(one, tacticsOf(['T1059.001']), []).score;
    const sRepeat = scoreIncident(repeats, tacticsOf(['T1059.001']), []).score;
    const s2 = scoreIncident(two, tacticsOf(['T1059.001', 'T1041']), []).score;
    expect(s1).toBe(40);
    expect(sRepeat).toBe(s1);
    expect(s2).toBeGreaterThan(s1 + 10);
    const many = Array.from({ length: 30 }, (_, i) =>
      makeBreach({ model: `M${i}`, time: at(i), entity: device('d'), score: 99, mitre: ['T1041', 'T1046'] }),
    );
    expect(scoreIncident(many, tacticsOf(['T1041', 'T1046']), []).score).toBe(100);
  });

  it('counts rarity from the numbers in the evidence', () => {
    const rare = makeBreach({
      model: 'A',
      time: at(0),
      entity: device('d'),
      score: 40,
      evidence: [{ label: 'Devices', value: 1, baseline: '1 of 400 devices' }],
    });
    const common = makeBreach({
      model: 'A',
      time: at(0),
      entity: device('d'),
      score: 40,
      evidence: [{ label: 'Devices', value: 200, baseline: '200 of 400 devices' }],
    });
    expect(breachRarity(rare)).toBeCloseTo(0.9975);
    expect(breachRarity(common)).toBeCloseTo(0.5);
    expect(breachRarity(makeBreach({ model: 'A', time: 0, entity: device('d'), score: 1 }))).toBeUndefined();
    expect(scoreIncident([rare], [], []).score).toBeGreaterThan(scoreIncident([common], [], []).score);
  });
});
