import { describe, expect, it } from 'vitest';
import { FailedConnections } from './failures.js';

const H = 3_600_000;

describe('FailedConnections', () => {
  it('counts this hour per destination and folds past hours into the usual rate', () => {
    const f = new FailedConnections(0.5);
    for (let h = 0; h < 4; h++) for (let i = 0; i < 2; i++) f.observe('d', 'x', h * H + i, true);
    for (let i = 0; i < 10; i++) f.observe('d', 'c2', 4 * H + i, true);
    f.observe('d', 'ok', 4 * H + 20, false);
    const r = f.read('d', 4 * H + 30);
    expect(r.failedThisHour).toBe(10);
    expect(r.attemptsThisHour).toBe(11);
    expect(r.topDestination).toBe('c2');
    expect(r.usualPerHour).toBeCloseTo(2);
    expect(r.hoursSeen).toBe(4);
    expect(f.read('d', 6 * H).failedThisHour).toBe(0);
  });
});
