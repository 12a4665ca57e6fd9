import { isInternalAddress } from '../../enrich/ip/internal.js';
import type { EntityRef, NetConnEvent, NetDnsEvent, NetHttpEvent, NetTlsEvent } from '../../events/event.js';

/**
 * The endpoints a breach names: the names people know the endpoint by and, beside them, the
 * external addresses the device actually reached under those names (the connection's destination,
 * or a lookup's answers). Response acts on addresses (a firewall cannot match a host name), and
 * these are the addresses the evidence saw, not a fresh lookup that an attacker's DNS could
 * answer differently. A destination inside the organisation (a web proxy) is never named: blocking
 * it would cut every device off.
 */
export function endpointRefs(
  e: NetConnEvent | NetHttpEvent | NetTlsEvent | NetDnsEvent,
  ...names: (string | undefined)[]
): EntityRef[] {
  const out: EntityRef[] = [];
  const seen = new Set<string>();
  const add = (id: string | undefined) => {
    if (id === undefined || id === '' || seen.has(id)) return;
    seen.add(id);
    out.push({ kind: 'endpoint', id });
  };
  for (const n of names) add(n);
  if (e.kind === 'net.dns') {
    for (const a of e.answers ?? []) if (isIpLiteral(a) && !isInternalAddress(a)) add(a);
  } else if (e.remote !== undefined && e.remote.ip === e.dst && !e.remote.internal) add(e.dst);
  return out;
}

function isIpLiteral(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || (s.includes(':') && /^[0-9a-f:.]+$/i.test(s));
}
