import { hostNameOf, isRevocationCheck } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { endpointRefs } from './endpoints.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Anomalous Connection::Multiple HTTP POSTs to Rare Hostname';

/** Repeated POSTs to a host nobody else uses: check-ins or exfiltration over plain HTTP. */
export default defineModel({
  meta: {
    name: NAME,
    description: 'A device sent several HTTP POSTs to a host name that few or no other devices on the network contact.',
    category: 'network',
    mitre: ['T1071.001', 'T1041'],
    severity: 55,
    reads: ['net.http'],
    thresholds: {
      /** POSTs to the host (this one included) before the model speaks. */
      minPosts: 5,
      rareOtherDevices: 2,
      cooldownHours: 24,
    },
    falsePositives: ['A new SaaS tool adopted by one person', 'Telemetry of a niche application'],
  },
  evaluate(e, ctx) {
    if (e.method !== 'POST') return NO_BREACH;
    if (e.direction !== 'outbound' && e.direction !== 'internal') return NO_BREACH;
    const name = hostNameOf(e.host);
    // Revocation checks are known by what was exchanged, not by the responder's name (r3.o.lencr.org,
    // status.thawte.com): a name would also let a C2 server calling itself ocsp.* go unseen.
    if (name === undefined || isRevocationCheck(e)) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const posts = (view.network.pair(device, 'h:' + name)?.posts ?? 0) + 1;
    if (posts < ctx.params.minPosts) return NO_BREACH;
    const r = rarityOf(view, 'dom:', e.hostDomain ?? name, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, name)) return NO_BREACH;
    const score = 45 + (r.others === 0 ? 15 : 0) + Math.min(20, posts * 2) + (e.ua?.tool ? 10 : 0);
    return [
      {
        score,
        entity: e.entity,
        related: endpointRefs(e, name),
        summary: `${device} sent ${posts} HTTP POSTs to ${name}, a host name rare on the network`,
        evidence: [
          { label: 'Host', value: `${name}:${e.dstPort}`, ...rarityEvidence(view, r, e.time) },
          { label: 'POSTs from this device', value: posts, baseline: `threshold ${ctx.params.minPosts}` },
          { label: 'Last request', value: `POST ${e.uri ?? '/'} (${e.requestBodyLen ?? 0} bytes)` },
          { label: 'User agent', value: e.userAgent ?? '(none)' },
        ],
      },
    ];
  },
});
