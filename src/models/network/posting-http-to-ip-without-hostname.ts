import { hostNameOf } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Anomalous Connection::Posting HTTP to IP Without Hostname';

/**
 * Implants post stolen data and check-ins straight to an IP: no Host name, no DNS lookup. Real
 * software almost always resolves a name first, so a POST to a rare IP the device never resolved
 * is worth a look.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device sent an HTTP POST to an external IP address it never resolved through DNS, with no host name, and few or no other devices talk to that IP.',
    category: 'network',
    mitre: ['T1071.001', 'T1041'],
    severity: 60,
    reads: ['net.http'],
    thresholds: {
      /** At most this many other devices may have contacted the IP in the learning window. */
      rareOtherDevices: 2,
      /** Report a device and IP once in this many hours. */
      cooldownHours: 24,
    },
    falsePositives: [
      'Embedded devices and legacy agents configured with a server IP',
      'Licence servers addressed by IP',
    ],
  },
  evaluate(e, ctx) {
    if (e.method !== 'POST' || e.direction !== 'outbound') return NO_BREACH;
    if (hostNameOf(e.host) !== undefined) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    if (view.network.dns.knowsName(device, e.dst, e.time)) return NO_BREACH;
    const r = rarityOf(view, 'ip:', e.dst, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, e.dst)) return NO_BREACH;
    const posts = (view.network.pair(device, 'h:@' + e.dst)?.posts ?? 0) + 1;
    const score = 55 + (r.others === 0 ? 15 : 0) + Math.min(20, posts * 2) + (e.ua?.tool ? 10 : 0);
    return [
      {
        score,
        entity: e.entity,
        related: [{ kind: 'endpoint', id: e.dst }],
        summary: `${device} POSTed to ${e.dst}:${e.dstPort} by bare IP, an address it never resolved and ${r.others === 0 ? 'no other device' : `only ${r.others} other device(s)`} contacted`,
        evidence: [
          { label: 'Destination', value: `${e.dst}:${e.dstPort}`, ...rarityEvidence(view, r, e.time) },
          { label: 'Host header', value: e.host === undefined || e.host === '' ? '(none)' : e.host },
          {
            label: 'DNS',
            value: 'never resolved by this device',
            baseline: `no DNS answer for this IP in the ${Math.max(1, Math.round(view.network.daysSeen(e.time)))} days seen`,
          },
          { label: 'Request', value: `POST ${e.uri ?? '/'} (${e.requestBodyLen ?? 0} bytes)` },
          { label: 'User agent', value: e.userAgent ?? '(none)' },
          { label: 'POSTs from this device to it', value: posts },
          ...(e.remote?.asOrg
            ? [{ label: 'Network', value: `AS${e.remote.asn} ${e.remote.asOrg} (${e.remote.country ?? '?'})` }]
            : []),
        ],
      },
    ];
  },
});
