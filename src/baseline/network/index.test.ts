import { describe, expect, it } from 'vitest';
import { NetEvents, T0 } from '../../models/network/test-events.js';
import { DEFAULT_BASELINE_OPTIONS } from '../component.js';
import { Baselines } from '../index.js';

describe('NetworkBaseline', () => {
  it('learns endpoints, ports, agents, names of IPs and prevalence, and restores from a snapshot', () => {
    const b = new NetEvents();
    b.dns(T0, '10.1.0.1', 'www.example.com', ['93.184.216.34']);
    b.conn(T0 + 10, '10.1.0.1', '93.184.216.34', 443, { bytesOut: 1200 });
    b.tls(T0 + 20, '10.1.0.1', '93.184.216.34', { serverName: 'www.example.com', ja3: 'abc' });
    b.conn(T0 + 30, '10.1.0.2', '45.77.12.34', 6783, { connState: 'S0', bytesOut: 0 });
    b.http(T0 + 40, '10.1.0.2', '45.77.12.34', { method: 'POST', host: '45.77.12.34:6783', userAgent: 'curl/8.4.0' });
    b.x509(T0 + 50, 'F1', 'CN=x', 'CN=x');
    const base = new Baselines(DEFAULT_BASELINE_OPTIONS);
    for (const e of b.sorted()) base.observe(e);
    const net = base.network;
    const now = T0 + 60;
    expect(net.profiles.has('10.1.0.1', 'i:93.184.216.34', now)).toBe(true);
    expect(net.profiles.has('10.1.0.1', 'p:443', now)).toBe(true);
    expect(net.profiles.has('10.1.0.2', 'u:curl/8.4.0', now)).toBe(true);
    expect(net.profiles.has('10.1.0.2', 'f:curl', now)).toBe(true);
    expect(net.dns.knowsName('10.1.0.1', '93.184.216.34', now)).toBe(true);
    expect(net.dns.knowsName('10.1.0.2', '45.77.12.34', now)).toBe(false);
    expect(base.prevalence.read('dom:example.com', now).touchers).toBe(1);
    expect(base.prevalence.read('ja3:abc', now).touchers).toBe(1);
    expect(net.pair('10.1.0.2', 'h:@45.77.12.34')?.posts).toBe(1);
    expect(net.failures.read('10.1.0.2', now).failedThisHour).toBe(1);
    expect(net.certs.get('F1')?.selfSigned).toBe(true);

    const restored = new Baselines(DEFAULT_BASELINE_OPTIONS);
    restored.restore(JSON.parse(JSON.stringify(base.snapshot())));
    expect(restored.network.snapshot()).toEqual(net.snapshot());
    expect(restored.network.dns.knowsName('10.1.0.1', '93.184.216.34', now)).toBe(true);
  });
});
