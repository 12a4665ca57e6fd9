import ipaddr from 'ipaddr.js';

/**
 * An allow-list entry matches an entity or related id exactly, a domain and its subdomains
 * (`*.example.com`), an IP range (`10.0.0.0/8`), or a tag (`tag:backup-servers`).
 */
export class AllowList {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  private readonly tags = new Set<string>();

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const e = raw.trim().toLowerCase();
      if (e === '') continue;
      if (e.startsWith('tag:')) this.tags.add(e.slice(4));
      else if (e.startsWith('*.')) this.suffixes.push(e.slice(1));
      else if (e.includes('/') && ipaddr.isValidCIDR(e)) this.ranges.push(ipaddr.parseCIDR(e));
      else this.exact.add(e);
    }
  }

  get empty(): boolean {
    return this.exact.size + this.suffixes.length + this.ranges.length + this.tags.size === 0;
  }

  matches(id: string, tags?: readonly string[]): boolean {
    const v = id.toLowerCase();
    if (this.exact.has(v)) return true;
    for (const s of this.suffixes) if (v.endsWith(s) || v === s.slice(1)) return true;
    if (this.ranges.length > 0 && ipaddr.isValid(v)) {
      const addr = ipaddr.process(v);
      for (const [net, bits] of this.ranges) {
        if (addr.kind() === net.kind() && addr.match(net, bits)) return true;
      }
    }
    if (tags) for (const t of tags) if (this.tags.has(t.toLowerCase())) return true;
    return false;
  }
}
