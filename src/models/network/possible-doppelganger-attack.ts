import { hostNameOf } from '../../baseline/network/keys.js';
import { lookalike } from '../../enrich/domain/lookalike.js';
import type { NetDnsEvent, NetHttpEvent, NetTlsEvent } from '../../events/event.js';
import { defineModel, NO_BREACH } from '../model.js';
import { endpointRefs } from './endpoints.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Compromise::Possible Doppelganger Attack';

/**
 * A host name dressed as a trusted brand (`zoom.us-meeting.us`, `micros0ft-login.com`) on a domain
 * the brand does not own, that nobody else on the network uses: phishing, fake installers, C2.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device looked up or connected to a rare host name that imitates a trusted brand (brand word, homoglyph or typo) on a domain the brand does not own.',
    category: 'network',
    mitre: ['T1583.001', 'T1566.002', 'T1036'],
    severity: 65,
    reads: ['net.dns', 'net.http', 'net.tls'],
    thresholds: { rareOtherDevices: 2, cooldownHours: 24 },
    falsePositives: [
      'Partners and resellers whose domains carry a brand name',
      'Brand-owned domains missing from data/brands',
    ],
  },
  evaluate(e, ctx) {
    const name = nameOf(e);
    if (name === undefined) return NO_BREACH;
    const m = lookalike(name);
    if (m === undefined) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const r = rarityOf(view, 'dom:', m.domain, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, m.domain)) return NO_BREACH;
    const via = e.kind === 'net.dns' ? 'looked up' : e.kind === 'net.tls' ? 'connected over TLS to' : 'made HTTP to';
    return [
      {
        score: 55 + (r.others === 0 ? 15 : 0) + (m.how === 'brand token' ? 5 : 10),
        entity: e.entity,
        related: endpointRefs(e, m.domain, name),
        summary: `${device} ${via} ${name}, which imitates ${m.brand} (${m.how} "${m.found}") on ${m.domain}`,
        evidence: [
          { label: 'Host', value: name, ...rarityEvidence(view, r, e.time, 'contact') },
          { label: 'Imitates', value: `${m.brand} (${m.how}: "${m.found}" ~ "${m.token}")` },
          {
            label: 'Brand domains',
            value: m.brandDomains.slice(0, 6).join(', '),
            baseline: `${m.domain} is not one of them`,
          },
        ],
      },
    ];
  },
});

function nameOf(e: NetDnsEvent | NetHttpEvent | NetTlsEvent): string | undefined {
  if (e.kind === 'net.dns') return hostNameOf(e.query);
  if (e.direction !== 'outbound' && e.direction !== 'internal') return undefined;
  return hostNameOf(e.kind === 'net.http' ? e.host : e.serverName);
}
