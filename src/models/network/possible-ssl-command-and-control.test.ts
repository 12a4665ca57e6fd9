import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './possible-ssl-command-and-control.js';
import { afterBackground, NetEvents, officeBackground } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on periodic self-signed TLS on 8443 to a rare server, silent on periodic TLS with a proper certificate on 443', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    for (let i = 0; i < 12; i++) {
      const at = learn + i * 600_000 + (i % 2) * 9_000;
      b.tls(at, '10.1.0.5', '45.77.12.35', { port: 8443, selfSigned: true, serverName: 'update-check.info' });
      b.tls(at, '10.1.0.6', '198.51.100.9', { serverName: 'small-shop.example', validationStatus: 'ok' });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.evidence[1]!.value).toBe('self-signed certificate, port 8443');
  });

  it('stays silent on aperiodic self-signed TLS to a rare server, however many sessions', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // A person opening a self-hosted NAS page now and then: many sessions, random gaps (1-30 min).
    let at = learn;
    for (let i = 0; i < 40; i++) {
      at += 60_000 + ((i * 7919) % 29) * 60_000 + ((i * 104_729) % 59) * 1_000;
      b.tls(at, '10.1.0.5', '45.77.12.35', { port: 8443, selfSigned: true, serverName: 'nas.home-shop.info' });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches).toEqual([]);
  });

  it('scores the same periodic channel higher from a TLS client no other device presents (JA3)', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const BROWSER = 'b32309a26951912be7dba376398abc3b';
    for (const [i, d] of devices.entries())
      b.tls(learn - 2 * 3600_000 + i * 1000, d, '142.250.1.1', { serverName: 'www.google.com', ja3: BROWSER });
    for (let i = 0; i < 12; i++) {
      const at = learn + i * 600_000 + (i % 2) * 9_000;
      b.tls(at, '10.1.0.5', '45.77.12.35', { port: 8443, selfSigned: true, ja3: '72a589da586844d7f0818ce684948eea' });
      b.tls(at, '10.1.0.6', '45.77.12.36', { port: 8443, selfSigned: true, ja3: BROWSER });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    const by = (d: string) => breaches.find((x) => x.entity.id === d)!;
    expect(by('10.1.0.5').score - by('10.1.0.6').score).toBeCloseTo(10, 5);
  });
});
