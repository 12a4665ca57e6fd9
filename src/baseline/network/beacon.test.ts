import { describe, expect, it } from 'vitest';
import { type BeaconSnapshot, BeaconTracker, beaconScore } from './beacon.js';

const S = 1000;

describe('beaconScore', () => {
  it('scores a jittered rhythm with gaps high and a random sequence low', () => {
    const t = new BeaconTracker();
    let at = 0;
    for (let i = 0; i < 60; i++) {
      at += 300 * S + (((i * 53) % 31) - 15) * S + (i === 30 ? 8 * 3600 * S : 0);
      t.observe('beacon', at, 512, false, true);
    }
    let r = 0;
    for (let i = 0; i < 60; i++) {
      r += (((i * 7919) % 997) + 5) * S;
      t.observe('human', r, (i * 7919) % 5000, false, false);
    }
    const beacon = beaconScore(t.get('beacon')!);
    const human = beaconScore(t.get('human')!);
    expect(beacon.score).toBeGreaterThan(0.85);
    expect(beacon.medianIntervalS).toBeGreaterThan(280);
    expect(beacon.medianIntervalS).toBeLessThan(320);
    expect(human.score).toBeLessThan(0.7);
    expect(t.get('beacon')!.posts).toBe(60);
  });

  it('keeps timing from failed sessions (a dead C2 server) but not their sizes, and merges bursts', () => {
    const t = new BeaconTracker({ mergeMs: 1000 });
    for (let i = 0; i < 20; i++) t.observe('dead', i * 60 * S, 0, true, false);
    const p = t.get('dead')!;
    expect(p.sessions).toBe(20);
    expect(p.failed).toBe(20);
    expect(p.sizeN).toBe(0);
    expect(beaconScore(p).intervalRegularity).toBe(1);
    for (let i = 0; i < 10; i++) t.observe('burst', 5000 + i * 100, 100, false, false);
    expect(t.get('burst')!.sessions).toBe(1);
    expect(t.get('burst')!.bytesOut).toBe(1000);
  });

  it('counts a long-lived connection logged again after each idle period as one session, new connections each', () => {
    const t = new BeaconTracker();
    // A push channel: Zeek logs the same connection (source port 55768) again, without a handshake,
    // each time a keep-alive follows an idle period longer than its inactivity timeout.
    t.observe('push', 0, 31, false, false, 55768, false);
    for (let i = 1; i < 50; i++) t.observe('push', i * 302 * S, 31, false, false, 55768, true);
    expect(t.get('push')!.sessions).toBe(1);
    expect(t.get('push')!.bytesOut).toBe(50 * 31);
    // A beacon opens a new connection (a new source port) every time.
    for (let i = 0; i < 50; i++) t.observe('beacon', i * 302 * S, 31, false, false, 50000 + i, false);
    expect(t.get('beacon')!.sessions).toBe(50);
    // Midstream records from a new source port are another connection the sensor saw start before it.
    for (let i = 0; i < 5; i++) t.observe('resumed', i * 600 * S, 31, false, false, 40000 + i, true);
    expect(t.get('resumed')!.sessions).toBe(5);
  });

  it('stays within maxPairs and round-trips through a snapshot', () => {
    const t = new BeaconTracker({ maxPairs: 100 });
    for (let i = 0; i < 1000; i++) {
      t.observe(`p${i % 300}`, i * S, 10, false, false);
    }
    expect(t.size).toBeLessThanOrEqual(100);
    const copy = new BeaconTracker();
    copy.restore(JSON.parse(JSON.stringify(t.snapshot())));
    expect(copy.size).toBe(t.size);
    const k = 'p99';
    expect(t.get(k)).toBeDefined();
    expect(copy.get(k)).toEqual(t.get(k));
    // A snapshot of a build that kept no source port restores with the port unknown.
    const old: BeaconSnapshot = t.snapshot().map(([key, c, iv, sz]) => [key, c.slice(0, 12), iv, sz]);
    const restored = new BeaconTracker();
    restored.restore(old);
    expect(restored.get(k)!.port).toBe(-1);
  });
});
