import { isFailedConnState } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Compromise::Large Number of Suspicious Failed Connections';

/**
 * An implant whose server is down, a scanner, or a worm: many outbound attempts that nobody
 * answers, far above what this device and the network usually see in an hour.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      "A device made many failed (unanswered or rejected) outbound connections in an hour, far above its own and the network's usual rate, mostly to rare endpoints.",
    category: 'network',
    mitre: ['T1071', 'T1046', 'T1008'],
    severity: 55,
    reads: ['net.conn'],
    thresholds: {
      minFailures: 50,
      /** Failures this hour must exceed this many times (usual + 1), for the device and for the network. */
      ratio: 5,
      rareOtherDevices: 2,
      cooldownHours: 1,
    },
    falsePositives: ['A laptop on a captive-portal network', 'Software retrying a decommissioned server'],
  },
  evaluate(e, ctx) {
    if (e.direction !== 'outbound' || !isFailedConnState(e.connState, e.proto)) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const p = ctx.params;
    if (view.network.failures.failedThisHour(device, e.time) + 1 < p.minFailures) return NO_BREACH;
    const f = view.network.failures.read(device, e.time);
    const n = f.failedThisHour + 1;
    if (n < p.ratio * (f.usualPerHour + 1) || n < p.ratio * (f.networkUsualPerHour + 1)) return NO_BREACH;
    const top = f.topDestination ?? e.dst;
    const r = rarityOf(view, 'ip:', top, device, e.time);
    if (!isRare(r, p.rareOtherDevices)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - p.cooldownHours * 3_600_000)) return NO_BREACH;
    const share = f.failedThisHour === 0 ? 1 : f.topDestinationFailures / f.failedThisHour;
    return [
      {
        score: 45 + Math.min(30, n / (f.usualPerHour + 1)) + (share > 0.5 ? 10 : 0),
        entity: e.entity,
        related: [{ kind: 'endpoint', id: top }],
        summary: `${device} made ${n} failed outbound connections this hour, ${Math.round(share * 100)}% of them to ${top}`,
        evidence: [
          {
            label: 'Failed connections this hour',
            value: n,
            baseline: `device's usual ${f.usualPerHour.toFixed(1)}/h over ${f.hoursSeen} active hours; network's usual ${f.networkUsualPerHour.toFixed(1)}/h`,
          },
          {
            label: 'Top destination',
            value: `${top} (${f.topDestinationFailures} failures)`,
            ...rarityEvidence(view, r, e.time),
          },
          { label: 'Distinct destinations', value: f.destinations },
          { label: 'Last attempt', value: `${e.dst}:${e.dstPort} ${e.connState}` },
        ],
      },
    ];
  },
});
