import { createEnricher } from '../../enrich/index.js';
import type { Event, NetConnEvent, NetDnsEvent, NetHttpEvent, NetTlsEvent, NetX509Event } from '../../events/event.js';

/**
 * Builds network events for model tests the way decoders would, then runs the real enricher on
 * them (direction, remote IP context, registrable domains, user-agent info). The entity is the
 * internal originator. Times are ms; each event gets a distinct source line so breach ids differ.
 */
export class NetEvents {
  readonly events: Event[] = [];
  private readonly enrich = createEnricher();
  private line = 0;

  private base(time: number, src: string, dst: string, dstPort: number) {
    this.line++;
    return {
      time,
      source: { input: 'test', line: this.line },
      entity: { kind: 'device' as const, id: src },
      uid: 'C' + this.line,
      src,
      srcPort: 40_000 + (this.line % 20_000),
      dst,
      dstPort,
    };
  }

  private push<E extends Event>(e: E): E {
    this.enrich(e);
    this.events.push(e);
    return e;
  }

  conn(
    time: number,
    src: string,
    dst: string,
    dstPort: number,
    o: Partial<Pick<NetConnEvent, 'bytesOut' | 'bytesIn' | 'connState' | 'service' | 'proto' | 'duration'>> = {},
  ): NetConnEvent {
    return this.push({
      ...this.base(time, src, dst, dstPort),
      kind: 'net.conn',
      proto: o.proto ?? 'tcp',
      connState: o.connState ?? 'SF',
      bytesOut: o.bytesOut ?? 500,
      bytesIn: o.bytesIn ?? 2000,
      ...(o.service !== undefined ? { service: o.service } : {}),
      ...(o.duration !== undefined ? { duration: o.duration } : {}),
    });
  }

  http(
    time: number,
    src: string,
    dst: string,
    o: Partial<
      Pick<
        NetHttpEvent,
        'method' | 'host' | 'uri' | 'userAgent' | 'requestBodyLen' | 'status' | 'respMimeTypes' | 'responseBodyLen'
      >
    > & {
      port?: number;
    } = {},
  ): NetHttpEvent {
    const e: NetHttpEvent = {
      ...this.base(time, src, dst, o.port ?? 80),
      kind: 'net.http',
      method: o.method ?? 'GET',
      uri: o.uri ?? '/',
      status: o.status ?? 200,
      requestBodyLen: o.requestBodyLen ?? 0,
    };
    if (o.host !== undefined) e.host = o.host;
    if (o.userAgent !== undefined) e.userAgent = o.userAgent;
    if (o.respMimeTypes !== undefined) e.respMimeTypes = o.respMimeTypes;
    if (o.responseBodyLen !== undefined) e.responseBodyLen = o.responseBodyLen;
    return this.push(e);
  }

  tls(
    time: number,
    src: string,
    dst: string,
    o: Partial<
      Pick<NetTlsEvent, 'serverName' | 'selfSigned' | 'validationStatus' | 'ja3' | 'certChain' | 'established'>
    > & {
      port?: number;
    } = {},
  ): NetTlsEvent {
    const e: NetTlsEvent = {
      ...this.base(time, src, dst, o.port ?? 443),
      kind: 'net.tls',
      version: 'TLSv13',
      established: o.established ?? true,
    };
    if (o.serverName !== undefined) e.serverName = o.serverName;
    if (o.selfSigned !== undefined) e.selfSigned = o.selfSigned;
    if (o.validationStatus !== undefined) e.validationStatus = o.validationStatus;
    if (o.ja3 !== undefined) e.ja3 = o.ja3;
    if (o.certChain !== undefined) e.certChain = o.certChain;
    return this.push(e);
  }

  dns(time: number, src: string, query: string, answers: string[] = [], rcode = 'NOERROR'): NetDnsEvent {
    return this.push({
      ...this.base(time, src, '10.0.0.53', 53),
      kind: 'net.dns',
      query,
      qtype: 'A',
      rcode,
      answers,
    });
  }

  x509(time: number, certId: string, subject: string, issuer: string): NetX509Event {
    this.line++;
    return this.push({
      time,
      source: { input: 'test', line: this.line },
      entity: { kind: 'endpoint', id: certId },
      kind: 'net.x509',
      certId,
      subject,
      issuer,
    });
  }

  /** Events sorted by time, as the engine delivers them. */
  sorted(): Event[] {
    return this.events.slice().sort((a, b) => a.time - b.time);
  }
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** 2026-03-02T00:00:00Z, a Monday. */
export const T0 = Date.UTC(2026, 2, 2);

export const UA = {
  safari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
  curl: 'curl/8.4.0',
  go: 'Go-http-client/1.1',
  powershell: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.1682',
} as const;

/**
 * A small office: `n` devices 10.1.0.1.. that each day browse a few popular sites (shared by all),
 * resolve them first, and sometimes POST to a common API. The common ground every rarity test needs.
 */
export function officeBackground(b: NetEvents, n: number, days: number, start = T0): string[] {
  const devices = Array.from({ length: n }, (_, i) => `10.1.0.${i + 1}`);
  const sites = [
    ['www.google.com', '142.250.1.1'],
    ['outlook.office365.com', '52.96.1.1'],
    ['teams.microsoft.com', '52.113.1.1'],
    ['api.github.com', '140.82.112.6'],
    ['update.cdn-vendor.com', '93.184.220.1'],
  ] as const;
  for (let d = 0; d < days; d++) {
    devices.forEach((dev, i) => {
      sites.forEach(([host, ip], k) => {
        const t = start + d * DAY + 9 * HOUR + i * MINUTE + k * 7 * MINUTE;
        b.dns(t, dev, host, [ip]);
        b.conn(t + 100, dev, ip, 443, { bytesOut: 3000 + k * 100, service: 'ssl' });
        b.tls(t + 150, dev, ip, { serverName: host });
      });
    });
  }
  return devices;
}

/** The learning period officeBackground builds: breaches before it are learned from, not reported. */
export function afterBackground(days: number, start = T0): number {
  return start + days * DAY;
}
