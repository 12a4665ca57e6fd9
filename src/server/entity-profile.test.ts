import { describe, expect, it } from 'vitest';
import type { Event, NetConnEvent, NetHttpEvent } from '../events/event.js';
import { entityProfile } from './entity-profile.js';

const dev = { kind: 'device' as const, id: '10.0.0.5' };
const base = (time: number) => ({
  time,
  source: { input: 't' },
  entity: dev,
  uid: `u${time}`,
  src: dev.id,
  srcPort: 50_000,
});

describe('entityProfile destinations', () => {
  it('counts a host reached through an internal proxy under its name, never the proxy', () => {
    const events: Event[] = [];
    for (let i = 0; i < 4; i++) {
      const viaProxy: NetHttpEvent = {
        ...base(i * 60_000),
        kind: 'net.http',
        dst: '10.0.0.1',
        dstPort: 3128,
        host: 'updates.example.net:443',
        direction: 'internal',
      };
      const proxyConn: NetConnEvent = {
        ...base(i * 60_000),
        kind: 'net.conn',
        dst: '10.0.0.1',
        dstPort: 3128,
        proto: 'tcp',
        direction: 'internal',
      };
      events.push(viaProxy, proxyConn);
    }
    const direct: NetConnEvent = {
      ...base(300_000),
      kind: 'net.conn',
      dst: '203.0.113.9',
      dstPort: 443,
      proto: 'tcp',
      bytesOut: 100,
      direction: 'outbound',
    };
    events.push(direct);
    const p = entityProfile(dev, events, [], undefined);
    expect(p.destinations.map((d) => [d.endpoint, d.connections])).toEqual([
      ['updates.example.net', 4],
      ['203.0.113.9', 1],
    ]);
  });
});
