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

  it('scores the own TLS client of an implant (a JA3 no other device presents) above the browser everyone runs', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const BROWSER = 'b32309a26951912be7dba376398abc3b';
    const IMPLANT = '72a589da586844d7f0818ce684948eea';
    // Every device's browser presents the same fingerprint to the sites they all use.
    for (const [i, d] of devices.entries())
      b.tls(learn - 2 * 3600_000 + i * 1000, d, '142.250.1.1', { serverName: 'www.google.com', ja3: BROWSER });
    const t = learn + 30 * MINUTE;
    // A person opens a self-hosted page in the browser; an implant reaches its server with its own client.
    b.tls(t, '10.1.0.6', '198.51.100.9', { port: 8443, selfSigned: true, ja3: BROWSER });
    b.tls(t, '10.1.0.5', '45.77.12.35', { port: 8443, selfSigned: true, ja3: IMPLANT });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    const by = (d: string) => breaches.find((x) => x.entity.id === d)!;
    expect(by('10.1.0.5').score).toBeGreaterThanOrEqual(by('10.1.0.6').score + 10);
    const fingerprint = (d: string) => by(d).evidence.find((e) => e.label === 'TLS client fingerprint (JA3)');
    expect(fingerprint('10.1.0.5')).toMatchObject({
      value: IMPLANT,
      baseline: 'used by 0 other devices (of 20 seen in the window)',
    });
    expect(fingerprint('10.1.0.6')?.baseline).toBe('used by 19 other devices (of 20 seen in the window)');
  });
});
