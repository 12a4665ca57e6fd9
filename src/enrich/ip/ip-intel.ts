import type { IpContext, NetworkClass } from '../../events/event.js';
import { type InternalRanges, isInternalAddress } from './internal.js';
import type { IpDatabase } from './ip-database.js';

const CACHE_LIMIT = 500_000;

export type NetworkClassifier = (asn: number | undefined, asOrg: string | undefined) => NetworkClass;

/**
 * IpContext for an address: internal or not, and for external ones ASN, AS organisation, country
 * and network class. Cached per address (the contexts are shared and must not be mutated).
 */
export class IpIntel {
  private readonly cache = new Map<string, IpContext>();

  constructor(
    private readonly db: IpDatabase,
    private readonly ranges?: InternalRanges,
    private readonly classify?: NetworkClassifier,
  ) {}

  context(ip: string): IpContext {
    const hit = this.cache.get(ip);
    if (hit !== undefined) return hit;
    const ctx = this.build(ip);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(ip, ctx);
    return ctx;
  }

  private build(ip: string): IpContext {
    if (isInternalAddress(ip, this.ranges)) return { ip, internal: true };
    const ctx: IpContext = { ip, internal: false };
    const asn = this.db.asn(ip);
    if (asn) {
      ctx.asn = asn.asn;
      ctx.asOrg = asn.org;
    }
    const cc = this.db.country(ip);
    if (cc) ctx.country = cc;
    if (this.classify) ctx.networkClass = this.classify(ctx.asn, ctx.asOrg);
    return ctx;
  }
}
