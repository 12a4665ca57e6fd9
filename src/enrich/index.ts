import type { Event, IpContext } from '../events/event.js';
import { RegistrableDomains } from './domain/registrable-domain.js';
import { parseRanges } from './ip/internal.js';
import { type IpDatabase, sharedIpDatabase } from './ip/ip-database.js';
import { IpIntel, type NetworkClassifier } from './ip/ip-intel.js';
import { UserAgentParser } from './useragent/parse-user-agent.js';

export interface EnrichOptions {
  /** Extra internal CIDR ranges beyond RFC 1918 / RFC 4193 / loopback / link-local. */
  internalRanges?: string[];
  /** Ranges never treated as internal. */
  externalRanges?: string[];
  /** Hosting / VPN / anonymiser classification of an ASN (enrich/ip/network-class). */
  classifyNetwork?: NetworkClassifier;
  /** Scan prompt text for findings (enrich/prompt). */
  scanPrompt?: (text: string) => unknown[];
  /** For tests: a database other than the shipped one. */
  ipDatabase?: IpDatabase;
  /** At most this many addresses learned as local from Zeek's local_orig/local_resp flags. */
  maxLearnedLocal?: number;
}

/**
 * Fills the enrichment fields of an event in place (remote IpContext, direction, registrable
 * domains, user-agent info) and re-points net events at the internal device. In place, because
 * this runs on every event and a copy would double the garbage.
 */
export type Enricher = (event: Event) => void;

/**
 * Build the enricher. Addresses Zeek itself marks local (conn.log local_orig / local_resp, from its
 * Site::local_nets) are remembered, so that a monitored host on a public address is a device in its
 * http, ssl and dns records too. That memory is bounded and depends only on event order.
 */
export function createEnricher(opts: EnrichOptions = {}): Enricher {
  const intel = new IpIntel(
    opts.ipDatabase ?? sharedIpDatabase(),
    parseRanges(opts.internalRanges, opts.externalRanges),
    opts.classifyNetwork,
  );
  const domains = new RegistrableDomains();
  const agents = new UserAgentParser();
  const learnedLocal = new Set<string>();
  const maxLearned = opts.maxLearnedLocal ?? 100_000;
  const learnLocal = (ip: string) => {
    if (learnedLocal.has(ip)) return;
    if (learnedLocal.size >= maxLearned) learnedLocal.clear();
    learnedLocal.add(ip);
  };
  const isLocal = (ctx: IpContext) => ctx.internal || learnedLocal.has(ctx.ip);

  return (e: Event): void => {
    switch (e.kind) {
      case 'net.conn':
      case 'net.http':
      case 'net.tls':
      case 'net.dns':
      case 'net.file': {
        const s = intel.context(e.src);
        const d = intel.context(e.dst);
        // The same addresses, as the strings the context cache holds: every later lookup by address
        // (entities, baselines, models) then meets its key by identity, hash already computed,
        // instead of hashing and comparing a fresh copy cut from the log line.
        if (e.entity.id === e.src) e.entity.id = s.ip;
        e.src = s.ip;
        e.dst = d.ip;
        if (e.kind === 'net.conn') {
          if (e.localOrig === true && !s.internal) learnLocal(e.src);
          if (e.localResp === true && !d.internal) learnLocal(e.dst);
        }
        const sLocal = isLocal(s);
        const dLocal = isLocal(d);
        if (sLocal && !dLocal) {
          e.direction = 'outbound';
          e.remote = d;
        } else if (!sLocal && dLocal) {
          e.direction = 'inbound';
          e.remote = s;
          e.entity = { kind: 'device', id: e.dst };
        } else if (sLocal) {
          e.direction = 'internal';
        } else {
          e.direction = 'external';
          e.remote = d;
        }
        if (e.kind === 'net.http') {
          if (e.host !== undefined && e.host !== '') {
            const dom = domains.of(stripPort(e.host));
            if (dom !== undefined) e.hostDomain = dom;
          }
          if (e.userAgent !== undefined && e.userAgent !== '') e.ua = agents.parse(e.userAgent);
        } else if (e.kind === 'net.tls') {
          if (e.serverName) {
            const dom = domains.of(e.serverName);
            if (dom !== undefined) e.serverDomain = dom;
          }
        } else if (e.kind === 'net.dns') {
          if (e.query) {
            const dom = domains.of(e.query);
            if (dom !== undefined) e.queryDomain = dom;
          }
        }
        return;
      }
      case 'saas.login':
        if (e.userAgent) e.ua = agents.parse(e.userAgent);
        if (e.ip) e.ipContext = intel.context(e.ip);
        return;
      case 'saas.admin':
      case 'saas.mailbox_rule':
      case 'saas.mail':
      case 'saas.other':
        if (e.ip) e.ipContext = intel.context(e.ip);
        return;
      case 'ai.prompt':
        if (opts.scanPrompt !== undefined && (e as { findings?: unknown }).findings === undefined) {
          (e as { findings?: unknown }).findings = opts.scanPrompt(e.prompt);
        }
        return;
      default:
        return;
    }
  };
}

function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end > 0 ? host.slice(1, end) : host;
  }
  const c = host.indexOf(':');
  return c > 0 && host.indexOf(':', c + 1) < 0 ? host.slice(0, c) : host;
}
