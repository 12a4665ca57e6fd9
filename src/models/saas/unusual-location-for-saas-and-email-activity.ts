import { saasSource } from '../../baseline/identity/index.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { contextEvidence, learningEvidence, noveltyEvidence, recentlyBreached, sourceNovelty } from './signals.js';

const DAY = 86_400_000;

/**
 * Mailbox work (sending, reading, rules, other SaaS operations) from a place that does not fit:
 * a rented/anonymising network the user only started using in the last days and the
 * organisation does not use, or a country and network never seen even in the user's sign-ins
 * (a stolen session token replayed elsewhere logs no sign-in).
 */
export default defineModel({
  meta: {
    name: SAAS.unusualLocationEmail,
    description:
      'Email or SaaS activity from a location unusual for the user: a newly used hosting/VPN network rare in the organisation, or a country and network never seen for them.',
    category: 'saas',
    mitre: ['T1078.004', 'T1114.002'],
    severity: 55,
    reads: ['saas.mail', 'saas.mailbox_rule', 'saas.other'],
    thresholds: { minHistoryDays: 7, rareUsers: 2, newForDays: 7, dedupeHours: 6 },
    falsePositives: ['A newly deployed corporate VPN used by only a few people so far'],
  },
  evaluate(e, ctx) {
    if (e.user === '' || e.ip === undefined || e.ipContext?.internal === true) return NO_BREACH;
    const { params } = ctx;
    const id = ctx.baseline.identity;
    const p = id.profile(e.user);
    if (p === undefined || id.historyDays(e.user, e.time) < params.minHistoryDays) return NO_BREACH;
    const src = saasSource(e);
    const n = sourceNovelty(id, p, e.user, src, e.time, params.rareUsers);
    const recentlyNew = n.asnFirstSeen === undefined || e.time - n.asnFirstSeen <= params.newForDays * DAY;
    const rented = n.rentedAndRare && recentlyNew;
    const neverSeen = n.newCountry && n.newAsn && n.countryUsers <= params.rareUsers;
    if (!rented && !neverSeen) return NO_BREACH;
    if (recentlyBreached(ctx, e.entity, SAAS.unusualLocationEmail, e.time - params.dedupeHours * 3_600_000))
      return NO_BREACH;
    return [
      {
        score: 45 + (rented ? 20 : 0) + (neverSeen ? 15 : 0),
        entity: e.entity,
        related: [{ kind: 'endpoint', id: e.ip }],
        summary: `${e.user} performed ${e.operation} from ${rented ? `a ${src.networkClass} network first used ${n.asnFirstSeen === undefined ? 'now' : 'in the last days'}` : 'a country and network never seen for them'} (${src.country ?? '?'}, AS${src.asn ?? '?'})`,
        evidence: [
          { label: 'Operation', value: e.operation },
          ...noveltyEvidence(id, p, src, n),
          ...contextEvidence(id, p, e.user, src.country, e.time),
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
