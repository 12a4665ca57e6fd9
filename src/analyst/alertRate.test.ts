import { describe, expect, it } from 'vitest';
import { AlertRate, LARGE_NUMBER_OF_MODEL_ALERTS } from './alertRate.js';

const DAY = 86_400_000;
const day0 = 20_000 * DAY;
const dev = { kind: 'device' as const, id: '10.0.0.1' };

describe('breach-rate signal', () => {
  it('fires once when a day jumps far above the entity’s usual, not for a steady entity', () => {
    const rate = new AlertRate({ historyDays: 14, minBreaches: 8, factor: 4 });
    const steady = { kind: 'device' as const, id: '10.0.0.2' };
    for (let d = 0; d < 14; d++) {
      expect(rate.observe(dev, 'A', day0 + d * DAY)).toBeUndefined();
      for (let i = 0; i < 3; i++) expect(rate.observe(steady, 'A', day0 + d * DAY + i)).toBeUndefined();
    }
    const fired = [];
    for (let i = 0; i < 12; i++) {
      const s = rate.observe(dev, i % 2 ? 'A' : 'B', day0 + 14 * DAY + i * 60_000);
      if (s) fired.push(s);
    }
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ name: LARGE_NUMBER_OF_MODEL_ALERTS, count: 8, typicalPerDay: 1, models: 2 });
    for (let i = 0; i < 6; i++) expect(rate.observe(steady, 'A', day0 + 14 * DAY + i)).toBeUndefined();
  });

  it('averages over the days since the entity first had breaches: a steady entity fires on its first day only', () => {
    const rate = new AlertRate({ historyDays: 14, minBreaches: 8, factor: 4 });
    const fired: number[] = [];
    for (let d = 0; d < 15; d++) {
      for (let i = 0; i < 8; i++) {
        const s = rate.observe(dev, 'A', day0 + d * DAY + i);
        if (s) fired.push(d);
      }
    }
    expect(fired).toEqual([0]);
    // Two days of 1 breach, then 8: a jump against the 1 a day it has had, not against 2/14.
    const later = new AlertRate({ historyDays: 14, minBreaches: 8, factor: 4 });
    later.observe(dev, 'A', day0);
    later.observe(dev, 'A', day0 + DAY);
    let signal: ReturnType<AlertRate['observe']>;
    for (let i = 0; i < 8; i++) signal = later.observe(dev, 'A', day0 + 2 * DAY + i) ?? signal;
    expect(signal).toMatchObject({ count: 8, typicalPerDay: 1 });
  });

  it('survives snapshot and restore', () => {
    const rate = new AlertRate({ historyDays: 2, minBreaches: 3, factor: 2 });
    rate.observe(dev, 'A', day0);
    rate.observe(dev, 'A', day0 + 1);
    const copy = new AlertRate({ historyDays: 2, minBreaches: 3, factor: 2 });
    copy.restore(JSON.parse(JSON.stringify(rate.snapshot())));
    expect(copy.observe(dev, 'A', day0 + 2)?.count).toBe(3);
  });
});
