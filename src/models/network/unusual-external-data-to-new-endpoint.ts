import { isFailedConnState } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { bytesText, describeRarity, isRare, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Unusual Activity::Unusual External Data to New Endpoint';

/**
 * Exfiltration: far more data than this device usually sends in one go, to an endpoint it met
 * today and that the rest of the network does not use. A backup job's big upload to its usual
 * endpoint is not new, and is silent.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device sent an unusually large amount of data to an external endpoint that is new for it and rare on the network.',
    category: 'network',
    mitre: ['T1041', 'T1048', 'T1567'],
    severity: 60,
    reads: ['net.conn'],
    thresholds: {
      /** Bytes sent to the endpoint since the device first contacted it (this connection included). */
      minBytes: 10_000_000,
      /** ... and this many times the device's usual largest upload (99th percentile per connection to known endpoints). */
      ratio: 4,
      /** "New": the device's first contact with the endpoint was at most this long ago. */
      newWithinHours: 24,
      rareOtherDevices: 2,
      cooldownHours: 24,
    },
    falsePositives: [
      'A new cloud storage or backup service adopted by one user',
      'Large email attachments to a new provider',
    ],
  },
  evaluate(e, ctx) {
    if (e.direction !== 'outbound' || isFailedConnState(e.connState, e.proto)) return NO_BREACH;
    const out = e.bytesOut ?? 0;
    const p = ctx.params;
    const view = ctx.baseline;
    const device = e.entity.id;
    const pair = view.network.pair(device, 'i:' + e.dst);
    const total = (pair?.bytesOut ?? 0) + out;
    if (total < p.minBytes) return NO_BREACH;
    if (pair !== undefined && e.time - pair.first > p.newWithinHours * 3_600_000) return NO_BREACH;
    const usual = view.network.volume.usualMax(device);
    if (total < p.ratio * usual.bytes) return NO_BREACH;
    const r = rarityOf(view, 'ip:' + e.dst, device, e.time);
    if (!isRare(r, p.rareOtherDevices)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - p.cooldownHours * 3_600_000, e.dst)) return NO_BREACH;
    const times = usual.bytes === 0 ? total : total / usual.bytes;
    return [
      {
        score: 50 + Math.min(25, Math.log2(Math.max(1, times)) * 3) + (r.others === 0 ? 10 : 0),
        entity: e.entity,
        related: [{ kind: 'endpoint', id: e.dst }],
        summary: `${device} sent ${bytesText(total)} to ${e.dst}:${e.dstPort}, a new and rare endpoint`,
        evidence: [
          {
            label: 'Data sent',
            value: bytesText(total),
            baseline: `device's usual largest upload ${bytesText(usual.bytes)} (99th percentile of ${usual.connections} connections to endpoints it knew)`,
          },
          { label: 'Endpoint', value: `${e.dst}:${e.dstPort}`, baseline: describeRarity(view, r, e.time) },
          { label: 'Connections to it', value: (pair?.sessions ?? 0) + 1 },
          ...(e.remote?.asOrg
            ? [{ label: 'Network', value: `AS${e.remote.asn} ${e.remote.asOrg} (${e.remote.country ?? '?'})` }]
            : []),
        ],
      },
    ];
  },
});
