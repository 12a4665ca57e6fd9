import { beaconScore } from '../../baseline/network/beacon.js';
import { appEndpoint, hostNameOf } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { ja3Points } from './ja3.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Compromise::Possible SSL Command and Control';

/**
 * Repeated TLS sessions to a rare server that also looks hand-made: a self-signed certificate, no
 * SNI, or a port other than 443. Each alone is common enough; together with a rhythm they are C2.
 * The client's TLS fingerprint (JA3) weighs in when the log has it: browsers and the operating
 * system's TLS stack share one fingerprint across the network, while an implant's own TLS library
 * is rare on it, so a fingerprint no other device uses adds points and one most devices use takes
 * them away (see `ja3Points`).
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device keeps opening TLS sessions to a rare external server that presents a self-signed certificate, sends no SNI, or listens on an unusual port.',
    category: 'network',
    mitre: ['T1573.002', 'T1071.001'],
    severity: 70,
    reads: ['net.tls'],
    thresholds: {
      minSessions: 5,
      minBeaconScore: 0.55,
      /** The sessions must keep a rhythm: many sessions to a rare server alone are not a channel. */
      minIntervalRegularity: 0.6,
      rareOtherDevices: 2,
      cooldownHours: 24,
    },
    falsePositives: ['Self-hosted services on home connections (NAS, VPN portals)', 'Vendor appliances phoning home'],
  },
  evaluate(e, ctx) {
    if (e.direction !== 'outbound') return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const name = hostNameOf(e.serverName);
    const pair = view.network.pair(device, 'h:' + appEndpoint(name, e.dst));
    if (pair === undefined || pair.sessions + 1 < ctx.params.minSessions) return NO_BREACH;
    const selfSigned = view.network.isSelfSigned(e);
    const oddPort = e.dstPort !== 443;
    if (!selfSigned && name !== undefined && !oddPort) return NO_BREACH;
    const r = rarityOf(view, 'ip:', e.dst, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    const b = beaconScore(pair);
    if (b.score < ctx.params.minBeaconScore || b.intervalRegularity < ctx.params.minIntervalRegularity)
      return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, e.dst)) return NO_BREACH;
    const signs = [
      selfSigned ? 'self-signed certificate' : '',
      name === undefined ? 'no SNI' : '',
      oddPort ? `port ${e.dstPort}` : '',
    ]
      .filter((s) => s !== '')
      .join(', ');
    const ja3 = ja3Points(view, e, device);
    return [
      {
        score: 40 + b.score * 35 + (selfSigned ? 10 : 0) + (r.others === 0 ? 10 : 0) + ja3.points,
        entity: e.entity,
        related: [{ kind: 'endpoint', id: e.dst }, ...(name ? [{ kind: 'endpoint' as const, id: name }] : [])],
        summary: `${device} keeps a periodic TLS channel to ${name ?? e.dst}:${e.dstPort} (${signs})`,
        evidence: [
          { label: 'Server', value: `${e.dst}:${e.dstPort}`, ...rarityEvidence(view, r, e.time) },
          { label: 'Suspicious signs', value: signs },
          {
            label: 'Sessions',
            value: b.sessions,
            baseline: `median interval ${Math.round(b.medianIntervalS)} s, interval regularity ${b.intervalRegularity.toFixed(2)} (threshold ${ctx.params.minIntervalRegularity})`,
          },
          {
            label: 'Beacon score',
            value: Math.round(b.score * 100) / 100,
            baseline: `threshold ${ctx.params.minBeaconScore}`,
          },
          ...ja3.evidence,
        ],
      },
    ];
  },
});
