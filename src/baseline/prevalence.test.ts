import { describe, expect, it } from 'vitest';
import { Prevalence } from './prevalence.js';

const H = 3_600_000;

describe('Prevalence', () => {
  it('counts distinct touchers within the window and remembers first sight', () => {
    const p = new Prevalence({ windowMs: 24 * H });
    p.touch('ep:203.0.113.9', '10.0.0.1', 1 * H);
    p.touch('ep:203.0.113.9', '10.0.0.1', 2 * H);
    p.touch('ep:203.0.113.9', '10.0.0.2', 3 * H);
    expect(p.read('ep:203.0.113.9', 4 * H)).toMatchObject({ touchers: 2, firstSeen: H, lastSeen: 3 * H });
    // 10.0.0.1 last touched at 2h: gone from the window at 26h+, 10.0.0.2 stays until 27h.
    expect(p.read('ep:203.0.113.9', 26.5 * H).touchers).toBe(1);
    expect(p.read('ep:never', 4 * H)).toEqual({ touchers: 0, saturated: false });
  });

  it('caps touchers per thing and reports saturation', () => {
    const p = new Prevalence({ windowMs: 24 * H, maxTouchersPerThing: 3 });
    for (let i = 0; i < 10; i++) p.touch('dom:cdn.example', `10.0.0.${i}`, H);
    expect(p.read('dom:cdn.example', H)).toMatchObject({ touchers: 3, saturated: true });
  });

  it('stays within maxThings by evicting the least recently touched', () => {
    const p = new Prevalence({ windowMs: 1000 * H, maxThings: 100 });
    for (let i = 0; i < 1000; i++) p.touch(`t${i}`, 'd', i);
    expect(p.size).toBeLessThanOrEqual(100);
    expect(p.read('t999', 1000).touchers).toBe(1);
  });

  it('snapshot and restore give the same readings', () => {
    const p = new Prevalence({ windowMs: 24 * H });
    p.touch('a', 'x', 1);
    p.touch('a', 'y', 2);
    const q = new Prevalence({ windowMs: 24 * H });
    q.restore(JSON.parse(JSON.stringify(p.snapshot())));
    expect(q.read('a', 3)).toEqual(p.read('a', 3));
  });

  it('still lets touchers leave the window after reads, re-touches and a restore', () => {
    const p = new Prevalence({ windowMs: 24 * H, maxTouchersPerThing: 2 });
    p.touch('ip:198.51.100.7', 'a', 1 * H);
    p.touch('ip:198.51.100.7', 'b', 5 * H);
    expect(p.read('ip:198.51.100.7', 6 * H).touchers).toBe(2);
    p.touch('ip:198.51.100.7', 'a', 10 * H);
    // a's first touch left at 25h but its second keeps it; b leaves after 29h.
    expect(p.read('ip:198.51.100.7', 26 * H).touchers).toBe(2);
    expect(p.read('ip:198.51.100.7', 30 * H).touchers).toBe(1);
    // b's place is free again for a new toucher.
    p.touch('ip:198.51.100.7', 'c', 31 * H);
    expect(p.read('ip:198.51.100.7', 31 * H)).toMatchObject({ touchers: 2, saturated: true });
    const q = new Prevalence({ windowMs: 24 * H, maxTouchersPerThing: 2 });
    q.restore(JSON.parse(JSON.stringify(p.snapshot())));
    expect(q.read('ip:198.51.100.7', 35 * H).touchers).toBe(1);
    expect(q.touchedBy('ip:198.51.100.7', 'c', 35 * H)).toBe(true);
  });

  it('reaches the same thing by its whole name or by prefix and name, across snapshots', () => {
    const p = new Prevalence({ windowMs: 24 * H, maxThings: 5 });
    p.touch('ip:2001:db8::7', 'a', H);
    p.touchNamed('ip:', '2001:db8::7', 'b', 2 * H);
    p.touchNamed('', 'plain', 'a', H);
    expect(p.readNamed('ip:', '2001:db8::7', 3 * H).touchers).toBe(2);
    expect(p.read('ip:2001:db8::7', 3 * H).touchers).toBe(2);
    expect(p.touchedBy('plain', 'a', 3 * H)).toBe(true);
    expect(p.touchedByNamed('ip:', '2001:db8::7', 'b', 3 * H)).toBe(true);
    expect(p.size).toBe(2);
    const snap = JSON.parse(JSON.stringify(p.snapshot()));
    expect(snap.things.map((t: [string]) => t[0]).sort()).toEqual(['ip:2001:db8::7', 'plain']);
    const q = new Prevalence({ windowMs: 24 * H, maxThings: 5 });
    q.restore(snap);
    expect(q.readNamed('ip:', '2001:db8::7', 3 * H)).toEqual(p.read('ip:2001:db8::7', 3 * H));
    expect(q.size).toBe(2);
    // The cap counts things of every prefix together.
    for (let i = 0; i < 10; i++) q.touchNamed(i % 2 === 0 ? 'dom:' : 'host:', `n${i}.example`, 'a', 4 * H + i);
    expect(q.size).toBeLessThanOrEqual(5);
    expect(q.readNamed('host:', 'n9.example', 5 * H).touchers).toBe(1);
  });
});
