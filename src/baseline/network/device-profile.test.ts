import { describe, expect, it } from 'vitest';
import { DeviceProfiles } from './device-profile.js';

const H = 3_600_000;

describe('DeviceProfiles', () => {
  it('remembers keys per device within the window and forgets them after it', () => {
    const p = new DeviceProfiles(24 * H);
    p.note('10.0.0.1', 'u:curl/8', H);
    p.note('10.0.0.1', 'u:curl/8', 2 * H);
    expect(p.has('10.0.0.1', 'u:curl/8', 3 * H)).toBe(true);
    expect(p.firstUse('10.0.0.1', 'u:curl/8')).toBe(H);
    expect(p.has('10.0.0.2', 'u:curl/8', 3 * H)).toBe(false);
    expect(p.has('10.0.0.1', 'u:curl/8', 27 * H)).toBe(false);
  });

  it('stays within its key and device caps', () => {
    const p = new DeviceProfiles(1000 * H, 50, 100);
    for (let i = 0; i < 1000; i++) p.note('d', `i:${i}`, i);
    expect(p.countWithPrefix('d', 'i:', 1000)).toBeLessThanOrEqual(100);
    expect(p.has('d', 'i:999', 1000)).toBe(true);
    for (let i = 0; i < 500; i++) p.note(`dev${i}`, 'p:443', i);
    expect(p.size).toBeLessThanOrEqual(50);
  });
});
