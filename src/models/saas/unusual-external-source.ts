import { saasSource } from '../../baseline/identity/index.js';
import type { EntityRef } from '../../events/event.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import {
  contextEvidence,
  entraRisk,
  learningEvidence,
  noveltyEvidence,
  recentlyBreached,
  riskEvidence,
  riskScore,
  sourceNovelty,
} from './signals.js';

/**
 * A credential used from somewhere the person does not sign in from: a rented server, VPN exit
 * or anonymiser the organisation does not normally use, or a new country, new network and new
 * device all at once. A trip abroad on a hotel or home ISP with the usual laptop is not enough.
 */
export default defineModel({
  meta: {
    name: SAAS.unusualSource,
    description:
      'Successful sign-in from an external source unusual for the user and rare for the organisation: a hosting/VPN/anonymiser network, or a new country, network and device together.',
    category: 'saas',
    mitre: ['T1078.004'],
    severity: 55,
    reads: ['saas.login'],
    thresholds: {
      /** Days of user history before novelty means anything. */
      minHistoryDays: 7,
      minLogins: 5,
      /** At most this many other users on the network for it to count as rare in the organisation. */
      rareUsers: 2,
      dedupeMinutes: 60,
    },
    falsePositives: [
      'A new corporate VPN or cloud desktop not yet used by others (allow-list its range or ASN)',
      'A new phone bought while travelling',
    ],
  },
  evaluate(e, ctx) {
    if (!e.success || e.user === '' || e.ipContext?.internal === true) return NO_BREACH;
    const id = ctx.baseline.identity;
    const p = id.profile(e.user);
    const { params } = ctx;
    if (p === undefined || p.logins < params.minLogins || id.historyDays(e.user, e.time) < params.minHistoryDays)
      return NO_BREACH;
    const src = saasSource(e);
    const n = sourceNovelty(id, p, e.user, src, e.time, params.rareUsers);
    const ua = e.ua !== undefined ? `${e.ua.family}${e.ua.os ? ` on ${e.ua.os}` : ''}` : e.userAgent;
    const newDevice = ua !== undefined && !p.userAgents.has(ua);
    const peersThere = src.country !== undefined ? id.peersWithCountry(e.user, src.country, e.time) : 0;
    const elsewhere = n.newCountry && n.newAsn && newDevice && n.countryUsers <= params.rareUsers && peersThere === 0;
    if (!n.rentedAndRare && !elsewhere) return NO_BREACH;
    if (!n.newAsn && !n.newCountry) return NO_BREACH;
    const entity: EntityRef = e.entity;
    if (recentlyBreached(ctx, entity, SAAS.unusualSource, e.time - params.dedupeMinutes * 60_000)) return NO_BREACH;
    let score = 50;
    if (n.rentedAndRare) score += 20;
    if (n.newCountry) score += 10;
    if (newDevice) score += 10;
    if (e.ua?.tool) score += 10;
    const risk = entraRisk(e);
    score += riskScore(risk);
    const where =
      src.networkClass && n.rentedAndRare ? `a ${src.networkClass} network` : 'a new country, network and device';
    return [
      {
        score: Math.min(100, score),
        entity,
        related: src.ip ? [{ kind: 'endpoint', id: src.ip }] : [],
        summary: `${e.user} signed in to ${e.app ?? 'Microsoft 365'} from ${where} (${src.country ?? '?'}, AS${src.asn ?? '?'}) never used by them and rare in the organisation`,
        evidence: [
          ...noveltyEvidence(id, p, src, n),
          {
            label: 'User agent',
            value: ua ?? 'unknown',
            baseline: newDevice ? `new for this user (${p.userAgents.size} seen)` : 'used before by this user',
          },
          ...(risk ? [riskEvidence(risk)] : []),
          ...contextEvidence(id, p, e.user, src.country, e.time),
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
