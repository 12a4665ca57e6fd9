import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './posting-http-to-ip-without-hostname.js';
import { afterBackground, MINUTE, NetEvents, officeBackground, UA } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on curl POSTs to a rare IP the device never resolved, silent on named and common endpoints', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const t = afterBackground(3) + 10 * 60 * MINUTE;
    // Attack: repeated POSTs by bare IP to port 6783.
    for (let i = 0; i < 5; i++) {
      b.conn(t + i * 3 * MINUTE, '10.1.0.5', '45.77.12.34', 6783, { bytesOut: 400 });
      b.http(t + i * 3 * MINUTE + 50, '10.1.0.5', '45.77.12.34', {
        method: 'POST',
        host: '45.77.12.34:6783',
        uri: '/api/daemon',
        userAgent: UA.curl,
        requestBodyLen: 380,
        port: 6783,
      });
    }
    // Benign: an app that resolves its server, then posts with the IP in the Host header.
    b.dns(t, '10.1.0.6', 'telemetry.vendor-app.com', ['203.0.113.10']);
    b.http(t + 100, '10.1.0.6', '203.0.113.10', { method: 'POST', host: '203.0.113.10', userAgent: UA.edge });
    // Benign: a POST by IP to an address every device uses.
    b.http(t + 200, '10.1.0.7', '52.96.1.1', { method: 'POST', host: '52.96.1.1', userAgent: UA.edge });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: afterBackground(3) });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    const ev = breaches[0]!.evidence;
    expect(ev.find((e) => e.label === 'Destination')?.baseline).toContain(`first connection from any device`);
    expect(ev.find((e) => e.label === 'Destination')?.baseline).toContain(`of ${devices.length} devices`);
    expect(breaches[0]!.related).toEqual([{ kind: 'endpoint', id: '45.77.12.34' }]);
  });
});
