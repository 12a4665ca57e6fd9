import { beaconScore } from '../../baseline/network/beacon.js';
import type { IpName } from '../../baseline/network/dns-memory.js';
import { appEndpoint, hostNameOf } from '../../baseline/network/keys.js';
import type { NetConnEvent, NetHttpEvent, NetTlsEvent } from '../../events/event.js';
import { defineModel, NO_BREACH } from '../model.js';
import { ageText, describeRarity, isRare, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Compromise::Beaconing Activity To External Rare';

/**
 * Regular calls to an endpoint almost nobody else talks to. The endpoint is the IP (connection
 * layer) or, when the device knows that IP by a name (DNS answer, SNI, HTTP Host), that name; and,
 * separately, the name the application used (HTTP Host, SNI), so that neither a proxy nor a
 * rotating set of IPs behind one name hides the rhythm. A named IP is judged by its name's rarity:
 * a popular service on a rarely seen IP of its pool is not rare.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device contacts a rare external endpoint at regular intervals (periodic timing and request sizes over many sessions).',
    category: 'network',
    mitre: ['T1071', 'T1573', 'T1029'],
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
    },
    falsePositives: [
      'Niche software polling its vendor (licence checks, sync clients)',
      'Monitoring probes to an owned server',
    ],
  },
  evaluate(e, ctx) {
    const view = ctx.baseline;
    const device = e.entity.id;
    const named = e.kind === 'net.conn' ? view.network.dns.nameOf(device, e.dst, e.time) : undefined;
    const t = endpointOf(e, named);
    if (t === undefined) return NO_BREACH;
    const pair = view.network.pair(device, t.key);
    if (pair === undefined || pair.sessions + 1 < ctx.params.minSessions) return NO_BREACH;
    if (e.time - pair.first < ctx.params.minSpanMinutes * 60_000) return NO_BREACH;
    const r = rarityOf(view, t.thing, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    const b = beaconScore(pair);
    if (b.score < ctx.params.minBeaconScore || b.intervalRegularity < ctx.params.minIntervalRegularity)
      return NO_BREACH;
    if (b.medianIntervalS < ctx.params.minIntervalSeconds) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, t.endpoint)) return NO_BREACH;
    return [
      {
        score: 40 + b.score * 50 + (r.others === 0 ? 10 : 0),
        entity: e.entity,
        related: [{ kind: 'endpoint', id: t.endpoint }],
        summary: `${device} beacons to ${t.endpoint} every ~${Math.round(b.medianIntervalS)} s (${b.sessions} sessions over ${ageText(pair.last - pair.first)}); the endpoint is rare on the network`,
        evidence: [
          { label: 'Endpoint', value: `${t.endpoint}:${e.dstPort}`, baseline: describeRarity(view, r, e.time) },
          {
            label: 'Beacon score',
            value: Math.round(b.score * 100) / 100,
            baseline: `model speaks from ${ctx.params.minBeaconScore}`,
          },
          {
            label: 'Median interval',
            value: `${Math.round(b.medianIntervalS)} s`,
            baseline: `interval regularity ${b.intervalRegularity.toFixed(2)}, model speaks from ${ctx.params.minIntervalRegularity}`,
          },
          {
            label: 'Request size regularity',
            value: b.sizeRegularity === undefined ? 'unknown' : Math.round(b.sizeRegularity * 100) / 100,
          },
          {
            label: 'Sessions',
            value: b.sessions,
            baseline: `${pair.failed} failed; ${Math.round(b.coverage * 100)}% of hours covered`,
          },
        ],
      },
    ];
  },
});

/** The beacon pair an event belongs to, the rarity key of its endpoint, and its display name. */
function endpointOf(
  e: NetConnEvent | NetHttpEvent | NetTlsEvent,
  named: IpName | undefined,
): { key: string; thing: string; endpoint: string } | undefined {
  if (e.kind === 'net.conn') {
    if (e.direction !== 'outbound') return undefined;
    if (named !== undefined && named.name !== '')
      return { key: 'n:' + named.name, thing: 'dom:' + (named.domain ?? named.name), endpoint: named.name };
    return { key: 'i:' + e.dst, thing: 'ip:' + e.dst, endpoint: e.dst };
  }
  const name = hostNameOf(e.kind === 'net.http' ? e.host : e.serverName);
  if (e.direction !== 'outbound' && !(e.direction === 'internal' && name !== undefined)) return undefined;
  if (name === undefined) return { key: 'h:' + appEndpoint(undefined, e.dst), thing: 'ip:' + e.dst, endpoint: e.dst };
  const domain = e.kind === 'net.http' ? e.hostDomain : e.serverDomain;
  return { key: 'h:' + name, thing: 'dom:' + (domain ?? name), endpoint: name };
}
