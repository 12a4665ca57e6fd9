import { beaconScore } from '../../baseline/network/beacon.js';
import { hostNameOf } from '../../baseline/network/keys.js';
import { dgaScore } from '../../enrich/domain/dga.js';
import type { NetDnsEvent, NetHttpEvent, NetTlsEvent } from '../../events/event.js';
import { defineModel, NO_BREACH } from '../model.js';
import { endpointRefs } from './endpoints.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Compromise::Fast Beaconing to DGA';

/**
 * Malware that finds its server through a domain generation algorithm walks quickly through many
 * fresh, machine-made names, or calls one of them on a fast rhythm. Either is caught here: several
 * never-seen DGA-looking domains from one device within the window, or a beacon to one of them.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device contacted several never-seen domains that look algorithmically generated within a short time, or beacons quickly to one.',
    category: 'network',
    mitre: ['T1568.002', 'T1071'],
    severity: 75,
    reads: ['net.dns', 'net.http', 'net.tls'],
    thresholds: {
      minDgaScore: 0.8,
      /** Distinct DGA-looking novel domains within `windowMinutes` (this one included). */
      minDomains: 6,
      windowMinutes: 60,
      /** Or: sessions to one DGA-looking host at a median interval of at most `fastIntervalSeconds`. */
      minSessions: 5,
      fastIntervalSeconds: 600,
      minBeaconScore: 0.5,
      /** The fast sessions must keep a rhythm, not merely be many. */
      minIntervalRegularity: 0.6,
      rareOtherDevices: 1,
      cooldownHours: 1,
    },
    falsePositives: ['CDN and cloud hosts with random-looking labels', 'Anti-virus reputation lookups'],
  },
  evaluate(e, ctx) {
    const n = nameOf(e);
    if (n === undefined) return NO_BREACH;
    const v = dgaScore(n.domain);
    const p = ctx.params;
    if (v.score < p.minDgaScore) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const r = rarityOf(view, 'dom:', n.domain, device, e.time);
    if (!isRare(r, p.rareOtherDevices)) return NO_BREACH;
    const novel = view.network.novel.since(device, e.time - p.windowMinutes * 60_000);
    const dgaLike = new Set<string>([n.domain]);
    for (const d of novel) if (dgaScore(d).score >= p.minDgaScore) dgaLike.add(d);
    const pair = e.kind === 'net.dns' ? undefined : view.network.pair(device, 'h:' + n.host);
    const beacon = pair !== undefined && pair.sessions + 1 >= p.minSessions ? beaconScore(pair) : undefined;
    const fast =
      beacon !== undefined &&
      beacon.medianIntervalS <= p.fastIntervalSeconds &&
      beacon.score >= p.minBeaconScore &&
      beacon.intervalRegularity >= p.minIntervalRegularity;
    if (dgaLike.size < p.minDomains && !fast) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - p.cooldownHours * 3_600_000)) return NO_BREACH;
    const examples = [...dgaLike].slice(0, 8);
    return [
      {
        score: 55 + v.score * 20 + Math.min(20, dgaLike.size * 2) + (fast ? 10 : 0),
        entity: e.entity,
        related: endpointRefs(e, n.host, ...examples),
        summary: fast
          ? `${device} beacons every ~${Math.round(beacon!.medianIntervalS)} s to ${n.host}, a generated-looking domain`
          : `${device} touched ${dgaLike.size} never-seen, generated-looking domains within ${p.windowMinutes} min`,
        evidence: [
          { label: 'Domain', value: n.domain, ...rarityEvidence(view, r, e.time, 'contact') },
          { label: 'DGA score', value: Math.round(v.score * 100) / 100, baseline: v.reason },
          {
            label: `Novel DGA-looking domains in ${p.windowMinutes} min`,
            value: dgaLike.size,
            baseline: examples.join(', '),
          },
          ...(beacon
            ? [
                {
                  label: 'Sessions to this host',
                  value: beacon.sessions,
                  baseline: `median interval ${Math.round(beacon.medianIntervalS)} s`,
                },
              ]
            : []),
        ],
      },
    ];
  },
});

function nameOf(e: NetDnsEvent | NetHttpEvent | NetTlsEvent): { host: string; domain: string } | undefined {
  if (e.kind === 'net.dns') {
    const host = hostNameOf(e.query);
    return host === undefined || e.queryDomain === undefined ? undefined : { host, domain: e.queryDomain };
  }
  if (e.direction !== 'outbound' && e.direction !== 'internal') return undefined;
  const host = hostNameOf(e.kind === 'net.http' ? e.host : e.serverName);
  const domain = e.kind === 'net.http' ? e.hostDomain : e.serverDomain;
  // Names without a public suffix (NetBIOS, mDNS, internal zones) are not judged.
  if (host === undefined || domain === undefined) return undefined;
  return { host, domain };
}
