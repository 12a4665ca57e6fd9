import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './rare-external-ssl-self-signed.js';
import { afterBackground, MINUTE, NetEvents, officeBackground } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on a self-signed certificate from a rare server (also via x509 join), silent on a common one', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // A self-signed internal-vendor portal that every device uses is common, hence silent.
    for (const d of devices)
      b.tls(learn - 3600_000, d, '203.0.113.50', { serverName: 'portal.partner.example', selfSigned: true });
    const t = learn + 30 * MINUTE;
    b.tls(t, '10.1.0.9', '203.0.113.50', { serverName: 'portal.partner.example', selfSigned: true });
    // The attack: the certificate is only known as self-signed from x509.log.
    b.x509(t - 1000, 'FP123', 'CN=localhost', 'CN=localhost');
    b.tls(t, '10.1.0.5', '45.77.12.35', { port: 8443, certChain: ['FP123'] });
    // A rare server with a proper certificate is silent.
    b.tls(t, '10.1.0.6', '198.51.100.9', { serverName: 'small-shop.example', validationStatus: 'ok' });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.summary).toContain('45.77.12.35:8443');
  });
});
