import { hostNameOf } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Anomalous Connection::New User Agent to IP Without Hostname';

/**
 * A user agent the device has never used, talking to a bare IP it never resolved: the classic
 * shape of a newly installed implant or a hands-on-keyboard tool (curl, a script) calling home.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device used an HTTP user agent it had never used before, to an external IP address with no host name that it never resolved, and that is rare on the network.',
    category: 'network',
    mitre: ['T1071.001', 'T1059'],
    severity: 55,
    reads: ['net.http'],
    thresholds: { rareOtherDevices: 2, cooldownHours: 24 },
    falsePositives: ['A newly installed agent whose vendor hard-codes server IPs', 'Administrators testing with curl'],
  },
  evaluate(e, ctx) {
    if (e.direction !== 'outbound' || e.userAgent === undefined || e.userAgent === '') return NO_BREACH;
    if (hostNameOf(e.host) !== undefined) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    if (view.network.profiles.has(device, 'u:' + e.userAgent, e.time)) return NO_BREACH;
    if (view.network.dns.knowsName(device, e.dst, e.time)) return NO_BREACH;
    const r = rarityOf(view, 'ip:', e.dst, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, e.dst)) return NO_BREACH;
    const uaR = rarityOf(view, 'ua:', e.userAgent, device, e.time);
    const agents = view.network.profiles.countWithPrefix(device, 'u:', e.time);
    const score = 50 + (r.others === 0 ? 15 : 0) + (uaR.others === 0 ? 15 : 0) + (e.ua?.tool ? 10 : 0);
    return [
      {
        score,
        entity: e.entity,
        related: [{ kind: 'endpoint', id: e.dst }],
        summary: `${device} used a new user agent "${e.userAgent}" to ${e.dst}:${e.dstPort}, an IP it never resolved`,
        evidence: [
          {
            label: 'User agent',
            value: e.userAgent,
            baseline: `new for this device (it used ${agents} other user agents in the window); ${uaR.others} other devices use it`,
          },
          { label: 'Destination', value: `${e.dst}:${e.dstPort}`, ...rarityEvidence(view, r, e.time) },
          { label: 'DNS', value: 'never resolved by this device' },
          { label: 'Request', value: `${e.method ?? '?'} ${e.uri ?? '/'}` },
        ],
      },
    ];
  },
});
