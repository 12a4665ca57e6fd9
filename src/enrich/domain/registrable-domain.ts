import { getDomain } from 'tldts';

const CACHE_LIMIT = 200_000;

/**
 * Registrable domain (eTLD+1 by the public suffix list that tldts ships), cached per host.
 * IP literals and names without a public suffix give undefined.
 */
export class RegistrableDomains {
  private readonly cache = new Map<string, string | null>();

  of(host: string): string | undefined {
    let d = this.cache.get(host);
    if (d === undefined) {
      d = getDomain(host, { allowPrivateDomains: false, detectIp: true }) ?? null;
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(host, d);
    }
    return d ?? undefined;
  }
}
