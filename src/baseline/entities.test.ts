import { describe, expect, it } from 'vitest';
import { EntityRegistry } from './entities.js';

const device = (id: string) => ({ kind: 'device' as const, id });
const user = (id: string) => ({ kind: 'user' as const, id });

describe('EntityRegistry', () => {
  it('keeps first and last seen by event time, also when events come out of order', () => {
    const r = new EntityRegistry();
    r.observe(device('10.0.0.5'), 5_000);
    r.observe(device('10.0.0.5'), 9_000);
    r.observe(device('10.0.0.5'), 2_000);
    r.observe(device('10.0.0.5'), 7_000);
    expect(r.get(device('10.0.0.5'))).toEqual({
      kind: 'device',
      id: '10.0.0.5',
      firstSeen: 2_000,
      lastSeen: 9_000,
      events: 4,
    });
    expect(r.get(device('10.0.0.6'))).toBeUndefined();
  });

  it('keeps kinds apart: a user and a device with the same id are two entities', () => {
    const r = new EntityRegistry();
    r.observe(device('alice'), 1);
    r.observe(user('alice'), 2);
    r.observe(user('bob'), 3);
    expect(r.count('device')).toBe(1);
    expect(r.count('user')).toBe(2);
    expect(r.count('agent')).toBe(0);
    expect(r.get(user('alice'))?.firstSeen).toBe(2);
    expect([...r.list('user')].map((e) => e.id)).toEqual(['alice', 'bob']);
  });

  it('counts the entities seen since a time (the denominator of rarity)', () => {
    const r = new EntityRegistry();
    for (let i = 0; i < 10; i++) r.observe(device(`10.0.0.${i}`), i * 1000);
    expect(r.count('device')).toBe(10);
    expect(r.count('device', 6000)).toBe(4);
    expect(r.count('device', 10_000)).toBe(0);
  });

  it('counts since any time exactly, over many hours, out-of-order sightings, eviction and restore', () => {
    // A seeded walk: entities sighted at random times over ten days, some going quiet.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const r = new EntityRegistry(400);
    const lastSeen = new Map<string, number>();
    const DAY = 86_400_000;
    for (let i = 0; i < 5000; i++) {
      const id = `10.0.${Math.floor(rand() * 2)}.${Math.floor(rand() * 250)}`;
      const time = Math.floor(rand() * 10 * DAY);
      r.observe(device(id), time);
      if (i % 7 === 0) r.observe(user(`u${Math.floor(rand() * 50)}`), time);
    }
    for (const e of r.list('device')) lastSeen.set(e.id, e.lastSeen);
    const brute = (since: number) => [...lastSeen.values()].filter((t) => t >= since).length;
    const restored = new EntityRegistry(400);
    restored.restore(JSON.parse(JSON.stringify(r.snapshot())));
    for (let k = 0; k < 200; k++) {
      const since = Math.floor(rand() * 11 * DAY) - DAY;
      expect(r.count('device', since)).toBe(brute(since));
      expect(restored.count('device', since)).toBe(brute(since));
    }
    // The cap of 400 was reached (500 devices and 50 users were sighted), so eviction ran.
    expect(lastSeen.size + r.count('user')).toBeLessThanOrEqual(400);
    expect(r.count('device', 0)).toBe(lastSeen.size);
  });

  it('at maxEntities drops the least recently seen tenth in bulk, whatever their kind', () => {
    const r = new EntityRegistry(20);
    for (let i = 0; i < 19; i++) r.observe(device(`d${i}`), 1000 + i);
    r.observe(user('u'), 1019);
    // The oldest device is active again, so it is no longer among the least recently seen.
    r.observe(device('d0'), 5000);
    r.observe(device('new'), 6000);
    const kept = [...r.list('device')].map((e) => e.id);
    expect(kept).not.toContain('d1');
    expect(kept).not.toContain('d2');
    expect(kept).toContain('d0');
    expect(kept).toContain('d3');
    expect(kept).toContain('new');
    expect(r.count('device') + r.count('user')).toBe(19);
    // Below the cap again: the next new entity evicts nothing.
    r.observe(user('v'), 7000);
    expect(r.count('device') + r.count('user')).toBe(20);
    expect(r.get(device('d3'))).toBeDefined();
  });

  it('restores from its snapshot, through JSON, exactly as it was', () => {
    const r = new EntityRegistry();
    r.observe(device('10.0.0.5'), 3000);
    r.observe(device('10.0.0.5'), 1000);
    r.observe(device('10.0.0.5'), 8000);
    r.observe(user('alice@contoso.com'), 4000);
    r.observe({ kind: 'agent', id: 'report-bot' }, 6000);
    const snap = JSON.parse(JSON.stringify(r.snapshot()));

    const back = new EntityRegistry();
    back.observe(device('stale'), 1);
    back.restore(snap);
    expect(back.get(device('stale'))).toBeUndefined();
    expect(back.get(device('10.0.0.5'))).toEqual({
      kind: 'device',
      id: '10.0.0.5',
      firstSeen: 1000,
      lastSeen: 8000,
      events: 3,
    });
    expect(back.get(user('alice@contoso.com'))).toEqual(r.get(user('alice@contoso.com')));
    expect(back.get({ kind: 'agent', id: 'report-bot' })).toEqual(r.get({ kind: 'agent', id: 'report-bot' }));
    expect(back.snapshot()).toEqual(r.snapshot());
    // The restored registry goes on counting where the old one stopped.
    back.observe(device('10.0.0.5'), 9000);
    expect(back.get(device('10.0.0.5'))).toMatchObject({ lastSeen: 9000, events: 4 });
  });
});
