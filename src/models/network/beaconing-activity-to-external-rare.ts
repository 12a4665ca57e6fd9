import { beaconScore } from '../../baseline/network/beacon.js';
import type { IpName } from '../../baseline/network/dns-memory.js';
import { appEndpoint, hostNameOf } from '../../baseline/network/keys.js';
import type { NetConnEvent, NetHttpEvent, NetTlsEvent } from '../../events/event.js';
import { defineModel, NO_BREACH } from '../model.js';
import { endpointRefs } from './endpoints.js';
import { ageText, describeSpread, isRare, rarityEvidence, rarityOf, type Spread, spreadOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Compromise::Beaconing Activity To External Rare';

/**
 * Regular calls to an endpoint almost nobody else talks to. The endpoint is the IP (connection
 * layer) or, when the device knows that IP by a name (DNS answer, SNI, HTTP Host), that name; and,
 * separately, the name the application used (HTTP Host, SNI), so that neither a proxy nor a
 * rotating set of IPs behind one name hides the rhythm. A named IP is judged by its name's rarity:
 * a popular service on a rarely seen IP of its pool is not rare.
 *
 * A rhythm alone is common: updaters, push services and telemetry all keep one. The score
 * therefore rests on how unusual the endpoint is, not on how clean the rhythm is: it opens at
 * `BASE` once the rhythm passes the bars, and adds points for an endpoint no other device touches
 * (fewer with each device that does), for an ASN the rest of the network does not use (none when
 * half the devices or more reach that ASN, as with a cloud region or CDN; half when the ASN is
 * unknown, as behind a proxy), and a little for the rhythm's strength. Sessions nobody answered
 * (refused, unanswered, TLS never established) carry no command and control: a pair whose every
 * session failed scores half, and the failed connection model judges it further. So a benign
 * updater polling a new domain on a popular cloud ASN stays below 50, and an implant calling a
 * fresh address on a network nobody uses scores 90 and more.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device contacts a rare external endpoint at regular intervals (periodic timing and request sizes over many sessions).',
    category: 'network',
    mitre: ['T1071', 'T1573'],
    severity: 65,
    reads: ['net.conn', 'net.http', 'net.tls'],
    thresholds: {
      minSessions: 12,
      minBeaconScore: 0.8,
      /** The timing itself must be regular: volume and coverage only add confidence to a rhythm. */
      minIntervalRegularity: 0.6,
      /** Shorter median intervals are bursts, not beacons. */
      minIntervalSeconds: 10,
      /** A beacon persists: first to last session at least this long (a chatty web socket does not). */
      minSpanMinutes: 60,
      rareOtherDevices: 2,
      cooldownHours: 24,
      /** Within the cool-down the endpoint is reported again only when the score grew by this much. */
      strongerBy: 15,
    },
    falsePositives: [
      'Niche software polling its vendor (licence checks, sync clients)',
      'Monitoring probes to an owned server',
    ],
  },
  evaluate(e, ctx) {
    const view = ctx.baseline;
    const p = ctx.params;
    const device = e.entity.id;
    const named = e.kind === 'net.conn' ? view.network.dns.nameOf(device, e.dst, e.time) : undefined;
    const t = endpointOf(e, named);
    if (t === undefined) return NO_BREACH;
    const pair = view.network.pair(device, t.key);
    if (pair === undefined || pair.sessions + 1 < p.minSessions) return NO_BREACH;
    if (e.time - pair.first < p.minSpanMinutes * 60_000) return NO_BREACH;
    const r = rarityOf(view, t.prefix, t.name, device, e.time);
    if (!isRare(r, p.rareOtherDevices)) return NO_BREACH;
    const b = beaconScore(pair);
    if (b.score < p.minBeaconScore || b.intervalRegularity < p.minIntervalRegularity) return NO_BREACH;
    if (b.medianIntervalS < p.minIntervalSeconds) return NO_BREACH;
    const asn = e.remote?.asn;
    const asnSpread = asn === undefined ? undefined : spreadOf(view, 'asn:', String(asn), device, e.time);
    const answered = 1 - pair.failed / pair.sessions;
    const score = beaconBreachScore(b.score, p.minBeaconScore, r.others, asnSpread, answered);
    const since = e.time - p.cooldownHours * 3_600_000;
    if (alreadyRaised(ctx, NAME, e.entity, since, t.endpoint, score - p.strongerBy)) return NO_BREACH;
    return [
      {
        score,
        entity: e.entity,
        related: endpointRefs(e, t.endpoint),
        summary: `${device} beacons to ${t.endpoint} every ~${Math.round(b.medianIntervalS)} s (${b.sessions} sessions over ${ageText(pair.last - pair.first)}); the endpoint is rare on the network`,
        evidence: [
          { label: 'Endpoint', value: `${t.endpoint}:${e.dstPort}`, ...rarityEvidence(view, r, e.time) },
          ...(asnSpread !== undefined
            ? [
                {
                  label: 'Network',
                  value: `AS${asn}${e.remote?.asOrg ? ` ${e.remote.asOrg}` : ''}`,
                  baseline: describeSpread(asnSpread),
                },
              ]
            : []),
          {
            label: 'Beacon score',
            value: Math.round(b.score * 100) / 100,
            baseline: `threshold ${p.minBeaconScore}`,
          },
          {
            label: 'Median interval',
            value: `${Math.round(b.medianIntervalS)} s`,
            baseline: `interval regularity ${b.intervalRegularity.toFixed(2)}, threshold ${p.minIntervalRegularity}`,
          },
          {
            label: 'Request size regularity',
            value: b.sizeRegularity === undefined ? 'unknown' : Math.round(b.sizeRegularity * 100) / 100,
          },
          {
            label: 'Sessions',
            value: b.sessions,
            baseline: `${pair.failed} failed${answered === 0 ? ' (none answered)' : ''}; ${Math.round(b.coverage * 100)}% of hours covered`,
          },
        ],
      },
    ];
  },
});

const BASE = 35;
const ENDPOINT_POINTS = 30;
const ASN_POINTS = 20;
const RHYTHM_POINTS = 15;

/** The breach score: see the model's comment. `answered` is the share of sessions that got an answer. */
export function beaconBreachScore(
  beacon: number,
  minBeacon: number,
  otherDevices: number,
  asn: Spread | undefined,
  answered: number,
): number {
  const endpointRare = 1 / (1 + otherDevices);
  const asnRare = asn === undefined ? 0.5 : Math.max(0, 1 - 2 * asn.share);
  const rhythm = Math.min(1, Math.max(0, (beacon - minBeacon) / (1 - minBeacon)));
  const points = BASE + ENDPOINT_POINTS * endpointRare + ASN_POINTS * asnRare + RHYTHM_POINTS * rhythm;
  return points * (0.5 + 0.5 * answered);
}

/** The beacon pair an event belongs to, the prevalence thing of its endpoint, and its display name. */
function endpointOf(
  e: NetConnEvent | NetHttpEvent | NetTlsEvent,
  named: IpName | undefined,
): { key: string; prefix: 'dom:' | 'ip:'; name: string; endpoint: string } | undefined {
  if (e.kind === 'net.conn') {
    if (e.direction !== 'outbound') return undefined;
    if (named !== undefined && named.name !== '')
      return { key: 'n:' + named.name, prefix: 'dom:', name: named.domain ?? named.name, endpoint: named.name };
    return { key: 'i:' + e.dst, prefix: 'ip:', name: e.dst, endpoint: e.dst };
  }
  const name = hostNameOf(e.kind === 'net.http' ? e.host : e.serverName);
  if (e.direction !== 'outbound' && !(e.direction === 'internal' && name !== undefined)) return undefined;
  if (name === undefined)
    return { key: 'h:' + appEndpoint(undefined, e.dst), prefix: 'ip:', name: e.dst, endpoint: e.dst };
  const domain = e.kind === 'net.http' ? e.hostDomain : e.serverDomain;
  return { key: 'h:' + name, prefix: 'dom:', name: domain ?? name, endpoint: name };
}
