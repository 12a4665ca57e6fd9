import { describe, expect, it } from 'vitest';
import { InternalProbes } from './internal-probes.js';

const H = 3_600_000;

describe('InternalProbes', () => {
  it('counts distinct probed targets this hour and folds past hours into the usual count', () => {
    const p = new InternalProbes(0.5);
    // Two hours of 4 probed targets each (one of them probed twice), with a data connection.
    for (let h = 0; h < 2; h++) {
      for (let k = 0; k < 4; k++) p.observe('d', `10.0.0.${k}`, 445, h * H + k, true);
      p.observe('d', '10.0.0.0', 445, h * H + 10, true);
      p.observe('d', '10.0.0.9', 443, h * H + 20, false);
    }
    for (let port = 1; port <= 30; port++) p.observe('d', '10.0.0.1', port, 2 * H + port, true);
    const r = p.read('d', 2 * H + 100);
    expect(r).toMatchObject({ targets: 30, hosts: 1, ports: 30, probes: 30, attempts: 30, hoursSeen: 2 });
    expect(r.usualTargets).toBeCloseTo(4);
    expect(r.examples).toHaveLength(5);
    expect(p.targetsThisHour('d', 3 * H)).toBe(0);
    expect(p.read('other', 2 * H).networkUsualTargets).toBeCloseTo(4);
  });

  it('saturates at maxTargets and restores the learned rates from its snapshot', () => {
    const p = new InternalProbes(0.5, 50);
    for (let k = 0; k < 200; k++) p.observe('d', `10.0.${k >> 8}.${k & 255}`, 22, k, true);
    expect(p.read('d', 300)).toMatchObject({ targets: 50, saturated: true });
    p.observe('d', '10.0.0.1', 22, H, true);
    const back = new InternalProbes(0.5, 50);
    back.restore(JSON.parse(JSON.stringify(p.snapshot())));
    expect(back.read('d', H)).toMatchObject({ usualTargets: 50, hoursSeen: 1 });
    back.restore(undefined);
    expect(back.read('d', H).hoursSeen).toBe(0);
  });
});
