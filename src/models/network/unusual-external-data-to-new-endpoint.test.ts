import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import { afterBackground, DAY, MINUTE, NetEvents, officeBackground } from './test-events.js';
import model from './unusual-external-data-to-new-endpoint.js';

describe(model.meta.name, () => {
  it('fires once a chunked upload to a new rare endpoint passes 10 MB, silent on a backup job to its usual endpoint', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // The backup server uploads 200 MB nightly to its usual endpoint.
    for (let d = 0; d < 3; d++)
      b.conn(learn - (3 - d) * DAY + 2 * 3600_000, '10.1.0.20', '203.0.113.80', 443, { bytesOut: 200_000_000 });
    const t = learn + 2 * 3600_000;
    b.conn(t, '10.1.0.20', '203.0.113.80', 443, { bytesOut: 210_000_000 });
    // Exfiltration in 6 MB chunks (the model speaks once the total passes 10 MB) to a server the laptop met minutes ago.
    b.conn(t, '10.1.0.5', '45.77.12.35', 8443, { bytesOut: 900 });
    for (let i = 1; i <= 3; i++) b.conn(t + i * MINUTE, '10.1.0.5', '45.77.12.35', 8443, { bytesOut: 6_000_000 });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.evidence[0]!.value).toBe('12.0 MB');
  });

  it('needs an endpoint new for the device AND rare on the network: a device joining the backup service everyone uses is silent', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // Every device but one backs up nightly to the company's backup service, whose name spreads
    // uploads over a pool of addresses.
    for (let d = 0; d < 3; d++)
      for (const [i, dev] of devices.slice(1).entries()) {
        const at = learn - (3 - d) * DAY + 2 * 3600_000 + i * MINUTE;
        const ip = `52.96.90.${(i + d) % 30}`;
        b.dns(at - 100, dev, 'vault.backup-corp.com', [ip]);
        b.conn(at, dev, ip, 443, { bytesOut: 300_000_000 });
      }
    const t = learn + 2 * 3600_000;
    // The last laptop joins it today: new for the laptop, on an address of the pool nobody used yet.
    b.dns(t - 100, '10.1.0.1', 'vault.backup-corp.com', ['52.96.90.200']);
    b.conn(t, '10.1.0.1', '52.96.90.200', 443, { bytesOut: 300_000_000 });
    // The same upload to a server only this laptop knows, new and rare: exfiltration's shape.
    b.dns(t - 100, '10.1.0.2', 'files.qwmlc-drop.net', ['45.77.12.39']);
    b.conn(t + MINUTE, '10.1.0.2', '45.77.12.39', 443, { bytesOut: 300_000_000 });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => `${x.entity.id} ${x.related.map((r) => r.id).join(' ')}`)).toEqual([
      '10.1.0.2 45.77.12.39 files.qwmlc-drop.net',
    ]);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Network')).toMatchObject({
      value: 'AS20473 The Constant Company, LLC (JP)',
      baseline: 'used by 0 other devices (of 20 seen in the window)',
    });
  });
});
