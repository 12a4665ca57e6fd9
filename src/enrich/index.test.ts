import { describe, expect, it } from 'vitest';
import type { NetConnEvent, NetHttpEvent, SaasLoginEvent } from '../events/event.js';
import { createEnricher } from './index.js';

const src = { input: 'test', line: 1 };

function conn(over: Partial<NetConnEvent>): NetConnEvent {
  return {
    kind: 'net.conn',
    time: 0,
    source: src,
    entity: { kind: 'device', id: over.src ?? '10.0.0.5' },
    uid: 'C1',
    src: '10.0.0.5',
    srcPort: 50000,
    dst: '8.8.8.8',
    dstPort: 443,
    proto: 'tcp',
    ...over,
  };
}

describe('createEnricher', () => {
  const enrich = createEnricher({ internalRanges: ['198.51.100.0/24'] });

  it('marks outbound traffic and describes the remote side from the shipped databases', () => {
    const e = conn({});
    enrich(e);
    expect(e.direction).toBe('outbound');
    expect(e.entity).toEqual({ kind: 'device', id: '10.0.0.5' });
    expect(e.remote).toMatchObject({ ip: '8.8.8.8', internal: false, asn: 15169, country: 'US' });
    expect(e.remote?.asOrg).toMatch(/google/i);
  });

  it('re-points inbound connections at the internal device', () => {
    const e = conn({ src: '8.8.4.4', dst: '10.0.0.9', entity: { kind: 'device', id: '8.8.4.4' } });
    enrich(e);
    expect(e.direction).toBe('inbound');
    expect(e.entity.id).toBe('10.0.0.9');
    expect(e.remote?.ip).toBe('8.8.4.4');
  });

  it('honours configured internal ranges and Zeek local flags for public monitored hosts', () => {
    const cfg = conn({ src: '198.51.100.7', dst: '1.1.1.1' });
    enrich(cfg);
    expect(cfg.direction).toBe('outbound');

    const local = conn({ src: '120.245.134.197', dst: '64.225.56.201', localOrig: false, localResp: true });
    enrich(local);
    expect(local.direction).toBe('inbound');
    expect(local.entity.id).toBe('64.225.56.201');
    // An http record of the same host carries no local flags, yet is the same device.
    const http: NetHttpEvent = {
      kind: 'net.http',
      time: 1,
      source: src,
      entity: { kind: 'device', id: '64.225.56.201' },
      uid: 'C2',
      src: '64.225.56.201',
      srcPort: 40000,
      dst: '93.184.216.34',
      dstPort: 80,
      host: 'www.example.co.uk:8080',
      userAgent: 'curl/8.4.0',
    };
    enrich(http);
    expect(http.direction).toBe('outbound');
    expect(http.hostDomain).toBe('example.co.uk');
    expect(http.ua).toMatchObject({ family: 'curl', tool: true });
  });

  it('gives browsers tool=false and names unknown agents by their first token', () => {
    const http = {
      kind: 'net.http',
      time: 1,
      source: src,
      entity: { kind: 'device', id: '10.0.0.5' },
      uid: 'C3',
      src: '10.0.0.5',
      srcPort: 1,
      dst: '64.225.56.201',
      dstPort: 80,
      userAgent: 'Modzilla/0.0001 (Atari 7800)',
    } satisfies NetHttpEvent as NetHttpEvent;
    enrich(http);
    expect(http.ua).toEqual({ family: 'Modzilla', tool: false });
    expect(http.hostDomain).toBeUndefined();
  });

  it('adds IP context to SaaS sign-ins', () => {
    const login: SaasLoginEvent = {
      kind: 'saas.login',
      time: 0,
      source: src,
      entity: { kind: 'user', id: 'alice@contoso.com' },
      user: 'alice@contoso.com',
      ip: '64.225.56.201',
      operation: 'UserLoggedIn',
      success: true,
    };
    enrich(login);
    expect(login.ipContext).toMatchObject({ internal: false, asn: 14061 });
  });
});
