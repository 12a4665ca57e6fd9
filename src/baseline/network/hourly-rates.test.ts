import { describe, expect, it } from 'vitest';
import { HourlyRates, type HourlyRecord } from './hourly-rates.js';

describe('HourlyRates', () => {
  it('folds finished hours into the usual count and keeps the network mean as devices come and go', () => {
    const rates = new HourlyRates<HourlyRecord>(0.5, 10);
    for (let i = 0; i < 10; i++) rates.add(`d${i}`, { hour: i, usual: 0, hoursSeen: 0 });
    const d9 = rates.get('d9')!;
    rates.fold(d9, 8, 20);
    expect(d9).toEqual({ hour: 20, usual: 8, hoursSeen: 1 });
    rates.fold(d9, 4, 21);
    expect(d9.usual).toBe(6);
    expect(rates.networkUsual()).toBeCloseTo(0.6);
    // Full: every device idle at least as long as the tenth idle longest (hours 0 and 1) goes, and
    // the mean follows.
    rates.add('new', { hour: 22, usual: 2, hoursSeen: 3 });
    expect(rates.get('d0')).toBeUndefined();
    expect(rates.get('d1')).toBeUndefined();
    expect(rates.get('d2')).toBeDefined();
    expect(rates.networkUsual()).toBeCloseTo((6 + 2) / 9);
    rates.clear();
    expect(rates.networkUsual()).toBe(0);
    expect([...rates.entries()]).toEqual([]);
  });
});
