import type { Event, NetConnEvent, NetDnsEvent, NetHttpEvent, NetTlsEvent } from '../../events/event.js';
import { at } from '../timeline.js';

/**
 * A laptop that normally reaches the web only through the office proxy is implanted: it looks up
 * machine-made domains, then calls home directly to an address with no host name every ~15 s
 * (HTTP POSTs with a PowerShell user agent, and TLS with a self-signed certificate), and finally
 * uploads a large archive to an endpoint nobody has used. Addresses are from the documentation
 * ranges (RFC 5737), so the demo points at no real party.
 */

const VICTIM = '10.0.0.111';
const RESOLVER = '75.75.75.75';
const C2 = '198.51.100.23';
const DROP = '203.0.113.77';
const POWERSHELL_UA = 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.3031';
const DGA_NAMES = [
  'qxvbtrkpzl.top',
  'mfjwyzqhd.top',
  'zkqpxwvtnr.top',
  'hwqzjxkvp.top',
  'tpxqzvwkm.top',
  'vbqzxkjwr.top',
];
const SOURCE = 'demo:scenario/network';
/** Deterministic jitter so the rhythm looks like a real implant's and replays identically. */
const JITTER_S = [0, 2, -1, 1, -2, 0, 1, -1, 2, 0, -2, 1];

export function networkScenario(): Event[] {
  let seq = 0;
  const base = (time: number, dst: string, dstPort: number) => {
    seq++;
    return {
      time,
      source: { input: SOURCE, line: seq },
      entity: { kind: 'device' as const, id: VICTIM },
      uid: `Cdemo${seq.toString(36)}`,
      src: VICTIM,
      srcPort: 49_152 + (seq % 16_000),
      dst,
      dstPort,
    };
  };
  const out: Event[] = [];
  DGA_NAMES.forEach((q, i) => {
    const resolves = i === DGA_NAMES.length - 1;
    const dns: NetDnsEvent = {
      ...base(at(0, 20 + i * 3), RESOLVER, 53),
      kind: 'net.dns',
      query: q,
      qtype: 'A',
      rcode: resolves ? 'NOERROR' : 'NXDOMAIN',
      answers: resolves ? [C2] : [],
    };
    out.push(dns);
  });
  for (let i = 0; i < 36; i++) {
    const t = at(1, i * 15 + JITTER_S[i % JITTER_S.length]!);
    const conn: NetConnEvent = {
      ...base(t, C2, 80),
      kind: 'net.conn',
      proto: 'tcp',
      service: 'http',
      duration: 0.4,
      bytesOut: 612,
      bytesIn: 240,
      connState: 'SF',
      localOrig: true,
      localResp: false,
      history: 'ShADadFf',
      origPkts: 6,
      respPkts: 5,
    };
    const http: NetHttpEvent = {
      ...base(t + 120, C2, 80),
      uid: conn.uid,
      kind: 'net.http',
      method: 'POST',
      host: C2,
      uri: '/index.php',
      userAgent: POWERSHELL_UA,
      status: 200,
      requestBodyLen: 480 + (i % 5) * 4,
      responseBodyLen: 96,
    };
    out.push(conn, http);
    if (i % 4 === 0) {
      const tls: NetTlsEvent = {
        ...base(t + 2000, C2, 443),
        kind: 'net.tls',
        version: 'TLSv12',
        established: true,
        validationStatus: 'self signed certificate',
        selfSigned: true,
        subject: 'CN=localhost',
        issuer: 'CN=localhost',
        ja3: '72a589da586844d7f0818ce684948eea',
      };
      out.push(tls);
    }
  }
  const upload: NetConnEvent = {
    ...base(at(9, 30), DROP, 443),
    kind: 'net.conn',
    proto: 'tcp',
    service: 'ssl',
    duration: 95,
    bytesOut: 262_144_000,
    bytesIn: 81_920,
    connState: 'SF',
    localOrig: true,
    localResp: false,
    history: 'ShADadFf',
    origPkts: 180_000,
    respPkts: 9_000,
  };
  out.push(upload);
  return out;
}
