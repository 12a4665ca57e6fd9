import type { EntityKind, EntityRef } from '../events/event.js';
import type { Breach } from '../models/breach.js';

/**
 * What a breach can be joined by. `entity` links are the breach's own entity and the identities
 * and devices it names (a user and the device they are logged in on; the same UPN seen in SaaS and
 * AI activity); `shared` links are the external things it is about (the rare endpoint, the
 * attacker's IP, the OAuth app) that tie different entities together.
 */
export interface BreachLink {
  key: string;
  type: 'entity' | 'shared';
}

/**
 * The host part of an endpoint id: models name endpoints as "ip", "ip:port", "[v6]:port" or
 * "host:port"; the attacker's machine is the same whatever port a model quotes.
 */
export function endpointHost(id: string): string {
  if (id.charCodeAt(0) === 91 /* [ */) {
    const end = id.indexOf(']');
    return end > 0 ? id.slice(1, end) : id;
  }
  const colon = id.indexOf(':');
  if (colon < 0 || id.indexOf(':', colon + 1) >= 0) return id;
  for (let i = colon + 1; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return id;
  }
  return colon + 1 < id.length ? id.slice(0, colon) : id;
}

/** An entity with endpoint ids reduced to their host (see endpointHost). */
export function normalEntity(e: EntityRef): EntityRef {
  if (e.kind !== 'endpoint') return e;
  const host = endpointHost(e.id);
  return host === e.id ? e : { kind: 'endpoint', id: host };
}

/** Users and agents share one key space: the same UPN is the same identity in SaaS and AI logs. */
export function entityLinkKey(e: EntityRef): string {
  if (e.kind === 'user' || e.kind === 'agent') return 'id:' + e.id.toLowerCase();
  if (e.kind === 'device') return 'dev:' + e.id;
  if (e.kind === 'endpoint') return 'ext:endpoint:' + endpointHost(e.id).toLowerCase();
  return 'ext:' + e.kind + ':' + e.id.toLowerCase();
}

export function isInternal(e: EntityRef): boolean {
  return e.kind === 'device' || e.kind === 'user' || e.kind === 'agent';
}

/**
 * External kinds that tie entities together: a rare endpoint or attacker IP, an OAuth app consented
 * by several users. AI tools are shared by design (everyone uses the company assistant), so they do not link.
 */
export const DEFAULT_SHARED_KINDS: readonly EntityKind[] = ['endpoint', 'app'];

/**
 * @param associated the identities signed in on a device, or the devices an identity is signed in
 *   on, around the breach: they join each other's incidents whichever breaches first.
 */
export function breachLinks(
  breach: Breach,
  associated: (entity: EntityRef) => readonly EntityRef[],
  sharedKinds: readonly EntityKind[] = DEFAULT_SHARED_KINDS,
): BreachLink[] {
  const links: BreachLink[] = [{ key: entityLinkKey(breach.entity), type: 'entity' }];
  const add = (key: string, type: BreachLink['type']) => {
    if (!links.some((l) => l.key === key)) links.push({ key, type });
  };
  for (const r of breach.related) {
    if (isInternal(r)) add(entityLinkKey(r), 'entity');
    else if (sharedKinds.includes(r.kind)) add(entityLinkKey(r), 'shared');
  }
  for (const a of associated(breach.entity)) add(entityLinkKey(a), 'entity');
  return links;
}
