/**
 * How network things are named in baseline keys. Prefixes keep kinds apart inside one map:
 * `i:` an external IP seen at the connection layer, `n:` the name a device knows such an IP by
 * (DNS answer, SNI, HTTP Host), `h:` an endpoint as the application layer
 * named it (HTTP Host, TLS SNI) or `h:@<ip>` when it gave no name, `d:` a registrable domain,
 * `u:` a raw user agent, `f:` a user-agent family, `p:` a destination port.
 * The shared Prevalence store uses `ip:`, `host:`, `dom:`, `asn:`, `ja3:` and `ua:`.
 */

import type { NetConnEvent, NetHttpEvent } from '../../events/event.js';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const UPPER = /[A-Z]/;

export function isIpLiteral(s: string): boolean {
  return IPV4.test(s) || s.includes(':');
}

let lastRaw: string | undefined = '';
let lastName: string | undefined;

/**
 * The DNS name an HTTP Host header or SNI carries: lower-cased, port stripped; undefined when it
 * is empty or an IP literal (then the connection has no host name).
 */
export function hostNameOf(raw: string | undefined): string | undefined {
  // The baseline and up to five models ask for the name of one event's Host or SNI in turn, and
  // the answer depends on the text alone: the last one is kept.
  if (raw === lastRaw) return lastName;
  lastRaw = raw;
  lastName = hostNameOfText(raw);
  return lastName;
}

function hostNameOfText(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '' || raw === '-') return undefined;
  let h = raw;
  if (h.startsWith('[')) return undefined;
  const colon = h.indexOf(':');
  if (colon >= 0) {
    if (h.indexOf(':', colon + 1) >= 0) return undefined;
    h = h.slice(0, colon);
  }
  if (h === '' || IPV4.test(h)) return undefined;
  return UPPER.test(h) ? h.toLowerCase() : h;
}

/** The application-layer endpoint key: the name, or `@ip` when the connection named none. */
export function appEndpoint(name: string | undefined, dst: string): string {
  return name === undefined ? '@' + dst : name;
}

/**
 * Zeek conn states of a TCP attempt that the server never accepted: no answer (S0, or SH: SYN then
 * FIN with no SYN-ACK), rejected (REJ), or abandoned by the client before any answer (RSTOS0).
 * States where the responder did answer (SHR, RSTRH...) are not failures, and UDP is left out
 * because an unanswered datagram is normal for many protocols.
 */
const FAILED_STATES = new Set(['S0', 'REJ', 'RSTOS0', 'SH']);

export function isFailedConnState(state: string | undefined, proto?: string): boolean {
  return state !== undefined && FAILED_STATES.has(state) && (proto === undefined || proto === 'tcp');
}

/**
 * A TCP connection that exchanged no data either way: a SYN nobody answered, a reset, a handshake
 * closed at once. What a port scan or a host sweep leaves, one per target.
 */
export function isProbe(e: NetConnEvent): boolean {
  return e.proto === 'tcp' && (e.bytesOut ?? 0) === 0 && (e.bytesIn ?? 0) === 0;
}

/**
 * A certificate revocation check (OCSP, RFC 6960): a POST by design, sent by every browser to
 * whichever responder a site's certificate names. Zeek's file analysis sniffs the response body
 * (`resp_mime_types`), so this is what was exchanged, not what a host calls itself.
 */
export function isRevocationCheck(e: NetHttpEvent): boolean {
  return e.respMimeTypes?.includes('application/ocsp-response') === true;
}
