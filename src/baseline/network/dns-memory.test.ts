import { describe, expect, it } from 'vitest';
import { DnsMemory, type DnsMemorySnapshot } from './dns-memory.js';

const HOUR = 3_600_000;
const WINDOW = 24 * HOUR;

describe('DnsMemory', () => {
  it('knows an IP by the name a device last used for it, within the window only, per device', () => {
    const m = new DnsMemory(WINDOW);
    m.learn('10.0.0.5', '93.184.216.34', 1 * HOUR, 'www.example.com', 'example.com');
    expect(m.nameOf('10.0.0.5', '93.184.216.34', 2 * HOUR)).toEqual({
      time: HOUR,
      name: 'www.example.com',
      domain: 'example.com',
    });
    expect(m.knowsName('10.0.0.5', '93.184.216.34', HOUR + WINDOW)).toBe(true);
    // A day later the device no longer "knows" it: a bare-IP connection then is one without a name.
    expect(m.knowsName('10.0.0.5', '93.184.216.34', HOUR + WINDOW + 1)).toBe(false);
    // Another device never resolved it.
    expect(m.knowsName('10.0.0.6', '93.184.216.34', 2 * HOUR)).toBe(false);
    // A later name wins; a late-arriving older record does not overwrite it.
    m.learn('10.0.0.5', '93.184.216.34', 3 * HOUR, 'cdn.example.net');
    m.learn('10.0.0.5', '93.184.216.34', 2 * HOUR, 'old.example.org', 'example.org');
    expect(m.nameOf('10.0.0.5', '93.184.216.34', 3 * HOUR)).toEqual({ time: 3 * HOUR, name: 'cdn.example.net' });
  });

  it('keeps at most maxIpsPerDevice IPs per device, dropping those up to the oldest quarter mark when full', () => {
    const m = new DnsMemory(WINDOW, 10, 8);
    for (let i = 0; i < 8; i++) m.learn('10.0.0.5', `198.51.100.${i}`, i * 1000, `h${i}.example.com`);
    m.learn('10.0.0.5', '198.51.100.8', 9000, 'h8.example.com');
    const known = (i: number) => m.knowsName('10.0.0.5', `198.51.100.${i}`, 10_000);
    // Those learned up to the quarter mark of the 8 times (the third oldest) went; the rest and the newcomer stay.
    expect([0, 1, 2].map(known)).toEqual([false, false, false]);
    expect([3, 4, 5, 6, 7, 8].map(known)).toEqual(Array(6).fill(true));
    // Renaming a known IP drops nothing; filling the room again evicts again.
    m.learn('10.0.0.5', '198.51.100.8', 9500, 'renamed.example.com');
    expect([3, 4, 5, 6, 7, 8].map(known)).toEqual(Array(6).fill(true));
    m.learn('10.0.0.5', '198.51.100.9', 9600, 'h9.example.com');
    m.learn('10.0.0.5', '198.51.100.10', 9700, 'h10.example.com');
    expect(known(9) && known(10)).toBe(true);
    expect([3, 4, 5, 6, 7, 8, 9, 10].filter(known).length).toBeLessThanOrEqual(8);
  });

  it('keeps at most maxDevices devices, dropping the least recently active tenth when full', () => {
    const m = new DnsMemory(WINDOW, 20);
    for (let d = 0; d < 20; d++) m.learn(`10.0.1.${d}`, '203.0.113.7', d * 1000, 'api.example.com');
    // Device 0 is active again: it is no longer among the least recently active.
    m.learn('10.0.1.0', '203.0.113.8', 30_000, 'www.example.com');
    m.learn('10.0.2.1', '203.0.113.7', 31_000, 'api.example.com');
    const known = (d: string) => m.knowsName(d, '203.0.113.7', 32_000);
    // The tenth mark of the 20 last-activity times is the third oldest: devices 1, 2 and 3 went.
    expect(known('10.0.1.0')).toBe(true);
    expect(['10.0.1.1', '10.0.1.2', '10.0.1.3'].map(known)).toEqual([false, false, false]);
    expect(known('10.0.1.4')).toBe(true);
    expect(known('10.0.2.1')).toBe(true);
  });

  it('round-trips through a snapshot, and restores snapshots that kept only the time', () => {
    const m = new DnsMemory(WINDOW);
    m.learn('10.0.0.5', '93.184.216.34', HOUR, 'www.example.com', 'example.com');
    m.learn('10.0.0.5', '198.51.100.1', HOUR, 'api.example.net');
    const copy = new DnsMemory(WINDOW);
    copy.restore(JSON.parse(JSON.stringify(m.snapshot())));
    expect(copy.snapshot()).toEqual(m.snapshot());
    expect(copy.nameOf('10.0.0.5', '93.184.216.34', 2 * HOUR)?.domain).toBe('example.com');
    const old = [['10.0.0.5', HOUR, [['93.184.216.34', HOUR]]]] as unknown as DnsMemorySnapshot;
    const restored = new DnsMemory(WINDOW);
    restored.restore(old);
    expect(restored.nameOf('10.0.0.5', '93.184.216.34', 2 * HOUR)).toEqual({ time: HOUR, name: '' });
  });
});
