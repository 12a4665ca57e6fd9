import { isFailedConnState } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { bytesText, describeSpread, isRare, rarityEvidence, rarityOf, spreadOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Unusual Activity::Unusual External Data to New Endpoint';

/**
 * Exfiltration: far more data than this device usually sends in one go, to an endpoint it met
 * today AND that the rest of the network does not use. Both are required. A backup job's big
 * upload to its usual endpoint is not new for the device. A device's first upload to a service
 * many devices already use (the company's backup or file-sharing service, joined today) is new
 * for the device but not rare on the network, and normal: that is how a service is adopted. Only
 * a large upload to an endpoint both new for the device and rare on the network is exfiltration's
 * shape. An IP the device knows by a name is judged by that name (its registrable domain), since
 * storage services spread uploads over many IPs that each look new and rare. The score grows with
 * the multiple of the device's usual largest upload, for an endpoint no other device uses, and for
 * an ASN no other device reaches (half those points when the ASN is unknown).
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
    const named = view.network.dns.nameOf(device, e.dst, e.time);
    const name = named !== undefined && named.name !== '' ? named.name : undefined;
    const pair = view.network.pair(device, name !== undefined ? 'n:' + name : 'i:' + e.dst);
    const total = (pair?.bytesOut ?? 0) + out;
    if (total < p.minBytes) return NO_BREACH;
    if (pair !== undefined && e.time - pair.first > p.newWithinHours * 3_600_000) return NO_BREACH;
    const usual = view.network.volume.usualMax(device);
    if (total < p.ratio * usual.bytes) return NO_BREACH;
    const r =
      name !== undefined
        ? rarityOf(view, 'dom:', named!.domain ?? name, device, e.time)
        : rarityOf(view, 'ip:', e.dst, device, e.time);
    if (!isRare(r, p.rareOtherDevices)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - p.cooldownHours * 3_600_000, e.dst)) return NO_BREACH;
    const times = usual.bytes === 0 ? total : total / usual.bytes;
    const asn = e.remote?.asn;
    const asnSpread = asn === undefined ? undefined : spreadOf(view, 'asn:', String(asn), device, e.time);
    const asnRare = asnSpread === undefined ? 0.5 : Math.max(0, 1 - 2 * asnSpread.share);
    const endpoint = name ?? e.dst;
    return [
      {
        score: 45 + Math.min(25, Math.log2(Math.max(1, times)) * 3) + (r.others === 0 ? 10 : 0) + 10 * asnRare,
        entity: e.entity,
        related: [
          { kind: 'endpoint', id: e.dst },
          ...(name !== undefined ? [{ kind: 'endpoint' as const, id: name }] : []),
        ],
        summary: `${device} sent ${bytesText(total)} to ${endpoint}:${e.dstPort}, a new and rare endpoint`,
        evidence: [
          {
            label: 'Data sent',
            value: bytesText(total),
            baseline: `device's usual largest upload ${bytesText(usual.bytes)} (99th percentile of ${usual.connections} connections to endpoints it knew)`,
          },
          { label: 'Endpoint', value: `${endpoint}:${e.dstPort}`, ...rarityEvidence(view, r, e.time) },
          { label: 'Connections to it', value: (pair?.sessions ?? 0) + 1 },
          ...(asnSpread !== undefined
            ? [
                {
                  label: 'Network',
                  value: `AS${asn}${e.remote?.asOrg ? ` ${e.remote.asOrg}` : ''} (${e.remote?.country ?? '?'})`,
                  baseline: describeSpread(asnSpread),
                },
              ]
            : []),
        ],
      },
    ];
  },
});
