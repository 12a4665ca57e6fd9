import type { Event } from '../events/event.js';

export interface EnrichOptions {
  /** Extra internal CIDR ranges beyond RFC 1918 / RFC 4193 / loopback / link-local. */
  internalRanges?: string[];
  /** Ranges never treated as internal. */
  externalRanges?: string[];
}

/**
 * Fills the enrichment fields of an event in place (remote IpContext, direction, registrable
 * domains, user-agent info) and re-points net events at the internal device. In place, because
 * this runs on every event and a copy would double the garbage.
 */
export type Enricher = (event: Event) => void;
