import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './beaconing-activity-to-external-rare.js';
import { afterBackground, DAY, HOUR, MINUTE, NetEvents, officeBackground, T0, UA } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on a jittered beacon to a rare IP, silent on an updater beaconing to a popular CDN and on a burst', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const t = learn + 2 * 3600_000;
    // Deterministic jitter of +-10% around 180 s, one long gap (the laptop slept).
    for (let i = 0; i < 40; i++) {
      const jitter = ((i * 37) % 21) - 10;
      const at = t + i * 180_000 + jitter * 1800 + (i > 25 ? 3 * 3600_000 : 0);
      b.conn(at, '10.1.0.5', '45.77.12.34', 6783, { bytesOut: 380 + (i % 3) });
      b.http(at + 20, '10.1.0.5', '45.77.12.34', {
        method: 'POST',
        host: '45.77.12.34:6783',
        userAgent: UA.curl,
        requestBodyLen: 380,
        port: 6783,
      });
    }
    // Every device's updater polls the same CDN every 5 minutes: periodic, but common.
    for (const d of devices.slice(0, 10)) {
      for (let i = 0; i < 40; i++) b.conn(t + i * 300_000, d, '93.184.220.1', 443, { bytesOut: 900 });
    }
    // A page load: 30 fetches in a few seconds to a rare host is not a beacon.
    for (let i = 0; i < 30; i++) b.conn(t + i * 200, '10.1.0.6', '198.51.100.30', 443, { bytesOut: 700 });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(new Set(breaches.map((x) => x.entity.id))).toEqual(new Set(['10.1.0.5']));
    // The IP and the nameless HTTP endpoint are the same endpoint: reported once.
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Median interval')?.value).toMatch(/^1[6-9]\d s$/);
  });

  it('follows the host name through a proxy', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    for (let i = 0; i < 30; i++) {
      b.http(learn + i * 600_000, '10.1.0.5', '10.1.0.250', {
        method: 'CONNECT',
        host: 'www.beacon-example.net:443',
        port: 3128,
      });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.related[0]!.id)).toEqual(['www.beacon-example.net']);
  });

  it('follows a name whose IPs rotate: fires when the name is rare, silent when it is popular', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // Every device resolves a vendor's sync name each day of learning: the name is popular.
    for (let d = 0; d < 3; d++)
      for (const [i, dev] of devices.entries())
        b.dns(T0 + d * DAY + 8 * HOUR + i * MINUTE, dev, 'sync.vendor-cloud.com', ['198.51.100.200']);
    const t = learn + 2 * 3600_000;
    // Each name resolves to a new IP from a pool of 40 for every session: no IP is seen twice.
    const rotate = (device: string, name: string, pool: string) => {
      for (let i = 0; i < 40; i++) {
        const at = t + i * 300_000 + (((i * 37) % 21) - 10) * 2_000;
        const ip = `${pool}.${i + 10}`;
        b.dns(at - 200, device, name, [ip]);
        b.conn(at, device, ip, 443, { bytesOut: 640 + (i % 4) });
      }
    };
    rotate('10.1.0.5', 'cdn.qzvx-relay.net', '45.77.13');
    rotate('10.1.0.6', 'sync.vendor-cloud.com', '198.51.101');
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => `${x.entity.id} ${x.related[0]!.id}`)).toEqual(['10.1.0.5 cdn.qzvx-relay.net']);
  });

  it('scores by how unusual the endpoint is: an updater on a cloud every device uses stays low, an implant on an unused network high', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const t = learn + 2 * HOUR;
    // A browser updater installed today on three devices: a new domain, served from Microsoft's
    // network (AS8075), which every device reaches each day.
    for (const [k, device] of ['10.1.0.7', '10.1.0.8', '10.1.0.9'].entries()) {
      for (let i = 0; i < 20; i++) {
        const at = t + k * MINUTE + i * 15 * MINUTE + ((i * 7) % 5) * 1000;
        const ip = `52.96.200.${10 + (i % 4)}`;
        b.dns(at - 300, device, 'updates.niche-browser.com', [ip]);
        b.conn(at, device, ip, 443, { bytesOut: 1_910, service: 'ssl' });
      }
    }
    // An implant on the same rhythm to an address on a network (AS20473) no device uses.
    for (let i = 0; i < 20; i++) {
      b.conn(t + i * 15 * MINUTE + ((i * 7) % 5) * 1000, '10.1.0.5', '45.77.12.34', 443, { bytesOut: 1_910 });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    const score = (device: string) => {
      const own = breaches.filter((x) => x.entity.id === device);
      expect(own.length, device).toBeGreaterThan(0);
      return Math.max(...own.map((x) => x.score));
    };
    expect(score('10.1.0.5')).toBeGreaterThanOrEqual(85);
    for (const d of ['10.1.0.7', '10.1.0.8', '10.1.0.9']) expect(score(d), d).toBeLessThan(50);
    const updater = breaches.find((x) => x.entity.id === '10.1.0.7')!;
    expect(updater.evidence.find((e) => e.label === 'Network')).toMatchObject({
      value: 'AS8075 Microsoft Corporation',
      baseline: 'used by 19 other devices (of 20 seen in the window)',
    });
  });

  it('halves a beacon nobody answered, and reports it again once the server answers', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const t = learn + 2 * HOUR;
    // TLS every 15 minutes that never gets established, then the server starts answering.
    for (let i = 0; i < 40; i++) {
      const at = t + i * 15 * MINUTE;
      b.tls(at, '10.1.0.5', '45.77.12.34', { serverName: 'cdn.qzvx-relay.net', established: i >= 20 });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.related[0]!.id)).toEqual(['cdn.qzvx-relay.net', 'cdn.qzvx-relay.net']);
    const [dead, answered] = breaches;
    expect(dead!.score).toBeLessThan(50);
    expect(dead!.evidence.find((e) => e.label === 'Sessions')?.baseline).toMatch(/none answered/);
    expect(answered!.time).toBeGreaterThan(t + 20 * 15 * MINUTE);
    expect(answered!.score).toBeGreaterThan(dead!.score + 15);
  });
});
