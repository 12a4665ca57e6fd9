import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './network-scan.js';
import { afterBackground, DAY, HOUR, MINUTE, NetEvents, officeBackground } from './test-events.js';

const MONITOR = '10.1.0.20';

/** An office whose monitoring server connects to 60 internal services every hour and closes at once. */
function officeWithMonitoring(b: NetEvents): { devices: string[]; learn: number } {
  const devices = officeBackground(b, 20, 3);
  const learn = afterBackground(3);
  for (let h = 0; h < 3 * 24 + 6; h++) {
    for (let k = 0; k < 60; k++) {
      b.conn(learn - 3 * DAY + h * HOUR + k * 20_000, MONITOR, `10.1.2.${k + 1}`, 443, {
        bytesOut: 0,
        bytesIn: 0,
        connState: 'RSTO',
      });
    }
  }
  // Everyone uses the file server and the domain controller, with data.
  for (let d = 0; d < 4; d++) {
    for (const dev of devices) {
      const t = learn - 3 * DAY + d * DAY + 8 * HOUR;
      b.conn(t, dev, '10.1.9.1', 445, { bytesOut: 40_000, bytesIn: 900_000 });
      b.conn(t + 1000, dev, '10.1.9.2', 389, { bytesOut: 1_200, bytesIn: 3_400 });
      b.conn(t + 2000, dev, '10.1.9.2', 88, { bytesOut: 1_500, bytesIn: 1_800 });
    }
  }
  return { devices, learn };
}

describe(model.meta.name, () => {
  it('fires on a host sweep and on a port scan, stays silent on the monitoring server and on ordinary internal use', () => {
    const b = new NetEvents();
    const { learn } = officeWithMonitoring(b);
    // 10.1.0.5 sweeps a /24 for SMB and RDP: most hosts do not answer.
    const t = learn + 2 * HOUR + 5 * MINUTE;
    for (let i = 1; i <= 254; i++) {
      b.conn(t + i * 400, '10.1.0.5', `10.1.3.${i}`, 445, { bytesOut: 0, bytesIn: 0, connState: i % 9 ? 'S0' : 'REJ' });
      b.conn(t + i * 400 + 100, '10.1.0.5', `10.1.3.${i}`, 3389, { bytesOut: 0, bytesIn: 0, connState: 'S0' });
    }
    // 10.1.0.7 scans the first 200 ports of the file server.
    const u = learn + 4 * HOUR;
    for (let port = 1; port <= 200; port++) {
      b.conn(u + port * 50, '10.1.0.7', '10.1.9.1', port, {
        bytesOut: 0,
        bytesIn: 0,
        connState: port === 445 ? 'RSTO' : 'REJ',
      });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect([...new Set(breaches.map((x) => x.entity.id))].sort()).toEqual(['10.1.0.5', '10.1.0.7']);
    const sweep = breaches.filter((x) => x.entity.id === '10.1.0.5');
    expect(sweep[0]!.summary).toMatch(/^10\.1\.0\.5 probed 40 internal services this hour \(\d+ hosts on 2 ports\)/);
    expect(sweep[0]!.evidence[0]!.baseline).toMatch(/device's usual 0\.0\/h/);
    // Reported again as it grows, each time at least 10 points higher, never more than a few times.
    expect(sweep.length).toBeGreaterThan(1);
    expect(sweep.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < sweep.length; i++) {
      expect(sweep[i]!.score - sweep[i - 1]!.score).toBeGreaterThanOrEqual(10);
      expect(Number(sweep[i]!.evidence[0]!.value)).toBeGreaterThan(Number(sweep[i - 1]!.evidence[0]!.value));
    }
    const scan = breaches.filter((x) => x.entity.id === '10.1.0.7');
    expect(scan.at(-1)!.summary).toMatch(
      /^10\.1\.0\.7 probed \d+ internal services this hour \(\d+ ports of one host\)/,
    );
    for (const x of breaches) {
      expect(x.score).toBeGreaterThanOrEqual(40);
      expect(x.score).toBeLessThanOrEqual(90);
    }
  });

  it('does not fire for a device that probes many services every hour, nor below the minimum', () => {
    const b = new NetEvents();
    const { learn } = officeWithMonitoring(b);
    // The monitoring server keeps doing what it always did, a little more.
    for (let k = 0; k < 70; k++)
      b.conn(learn + 7 * HOUR + k * 10_000, MONITOR, `10.1.2.${k + 1}`, 443, {
        bytesOut: 0,
        bytesIn: 0,
        connState: 'RSTO',
      });
    // A laptop finds a dead printer and a few closed ports: 30 targets, under the minimum.
    for (let k = 0; k < 30; k++)
      b.conn(learn + 8 * HOUR + k * 1000, '10.1.0.9', '10.1.9.50', 9100 + k, {
        bytesOut: 0,
        bytesIn: 0,
        connState: 'S0',
      });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches).toEqual([]);
  });

  it('does not fire when most internal connections carry data (a busy client of many services)', () => {
    const b = new NetEvents();
    const { learn } = officeWithMonitoring(b);
    // A build agent pulls from 50 internal servers: every connection exchanges data, a few fail.
    for (let k = 0; k < 50; k++) {
      b.conn(learn + 9 * HOUR + k * 5000, '10.1.0.11', `10.1.4.${k + 1}`, 8443, { bytesOut: 800, bytesIn: 50_000 });
      b.conn(learn + 9 * HOUR + k * 5000 + 100, '10.1.0.11', `10.1.4.${k + 1}`, 8444, {
        bytesOut: 0,
        bytesIn: 0,
        connState: 'REJ',
      });
      b.conn(learn + 9 * HOUR + k * 5000 + 200, '10.1.0.11', `10.1.4.${k + 1}`, 8445, {
        bytesOut: 700,
        bytesIn: 20_000,
      });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches).toEqual([]);
  });
});
