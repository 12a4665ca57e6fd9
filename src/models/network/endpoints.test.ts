import { describe, expect, it } from 'vitest';
import type { NetDnsEvent, NetHttpEvent } from '../../events/event.js';
import { endpointRefs } from './endpoints.js';

const base = {
  time: 0,
  source: { input: 't' },
  entity: { kind: 'device' as const, id: '10.0.0.5' },
  uid: 'u',
  src: '10.0.0.5',
  srcPort: 50000,
};
const http = (dst: string, internal: boolean): NetHttpEvent => ({
  ...base,
  kind: 'net.http',
  dst,
  dstPort: 80,
  remote: { ip: dst, internal },
});

describe('endpointRefs', () => {
  it('names the host and the external address the device reached under it', () => {
    expect(endpointRefs(http('45.77.12.42', false), 'cdn.qwmlc-sync.net')).toEqual([
      { kind: 'endpoint', id: 'cdn.qwmlc-sync.net' },
      { kind: 'endpoint', id: '45.77.12.42' },
    ]);
  });

  it('never names an internal proxy the request went through', () => {
    const viaProxy: NetHttpEvent = { ...http('10.0.0.1', true), remote: undefined, direction: 'internal' };
    expect(endpointRefs(viaProxy, 'cdn.qwmlc-sync.net')).toEqual([{ kind: 'endpoint', id: 'cdn.qwmlc-sync.net' }]);
  });

  it('takes the external answers of a lookup, not private ones or names', () => {
    const dns: NetDnsEvent = {
      ...base,
      kind: 'net.dns',
      dst: '10.0.0.53',
      dstPort: 53,
      query: 'zoom.us-meeting.us',
      answers: ['cname.us-meeting.us', '45.77.12.41', '192.168.1.9', '2001:db8::7'],
    };
    expect(endpointRefs(dns, 'us-meeting.us', 'zoom.us-meeting.us').map((r) => r.id)).toEqual([
      'us-meeting.us',
      'zoom.us-meeting.us',
      '45.77.12.41',
      '2001:db8::7',
    ]);
  });
});
