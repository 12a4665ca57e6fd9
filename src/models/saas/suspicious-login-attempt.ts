import { saasSource } from '../../baseline/identity/index.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import {
  entraRisk,
  learningEvidence,
  noveltyEvidence,
  recentlyBreached,
  riskEvidence,
  riskScore,
  sourceNovelty,
} from './signals.js';

/**
 * Failed sign-ins that look like someone else trying the password: a burst of failures, or a
 * failure from a rented/anonymising network the organisation does not use. One mistyped
 * password from home stays quiet. A sign-in Entra ID Protection itself rated high risk (or
 * confirmed compromised), failed or not, is one too, unless the rating was cleared; a medium
 * rating only strengthens the other reasons.
 */
export default defineModel({
  meta: {
    name: SAAS.suspiciousLoginAttempt,
    description:
      'A burst of failed sign-ins for a user, a failed sign-in from a hosting/VPN/anonymiser network rare in the organisation, or a sign-in Entra ID rated high risk.',
    category: 'saas',
    mitre: ['T1110'],
    severity: 40,
    reads: ['saas.login'],
    thresholds: { burstFailures: 5, burstMinutes: 30, rareUsers: 2, dedupeMinutes: 60 },
    falsePositives: [
      'A user locked out after a password change, retrying from a phone with the old password',
      'An Entra ID high-risk rating not yet dismissed after the user confirmed the sign-in',
    ],
  },
  evaluate(e, ctx) {
    if (e.interrupted === true || e.user === '' || e.ipContext?.internal === true) return NO_BREACH;
    const risk = entraRisk(e);
    if (e.success && risk?.strong !== true) return NO_BREACH;
    const { params } = ctx;
    const id = ctx.baseline.identity;
    const since = e.time - params.burstMinutes * 60_000;
    const failures = id.failuresSince(e.user, since).length + (e.success ? 0 : 1);
    const p = id.profile(e.user);
    const src = saasSource(e);
    const novelty = p !== undefined ? sourceNovelty(id, p, e.user, src, e.time, params.rareUsers) : undefined;
    const rented = !e.success && novelty !== undefined ? novelty.rentedAndRare && novelty.newAsn : false;
    const burst = !e.success && failures >= params.burstFailures;
    if (!burst && !rented && risk?.strong !== true) return NO_BREACH;
    if (recentlyBreached(ctx, e.entity, SAAS.suspiciousLoginAttempt, e.time - params.dedupeMinutes * 60_000))
      return NO_BREACH;
    const history = p?.failuresTotal ?? 0;
    const days = Math.max(1, id.historyDays(e.user, e.time));
    return [
      {
        score: 35 + (burst ? 15 : 0) + (rented ? 20 : 0) + riskScore(risk),
        entity: e.entity,
        related: src.ip ? [{ kind: 'endpoint', id: src.ip }] : [],
        summary:
          burst || rented
            ? `${failures} failed sign-in(s) for ${e.user} within ${params.burstMinutes} minutes${rented ? ` including one from a ${src.networkClass} network` : ''}${risk ? `; Entra ID rated it ${risk.level} risk` : ''}`
            : `${e.success ? 'Sign-in' : 'Failed sign-in'} of ${e.user} rated ${risk!.level} risk (${risk!.state}) by Entra ID${risk!.types.length > 0 ? `: ${risk!.types.join(', ')}` : ''}`,
        evidence: [
          ...(risk ? [riskEvidence(risk)] : []),
          {
            label: `Failed sign-ins in ${params.burstMinutes} minutes`,
            value: failures,
            baseline: `${history} failures in ${days.toFixed(0)} days of history (${(history / days).toFixed(2)} a day)`,
          },
          ...(e.success
            ? []
            : [{ label: 'Failure reason', value: e.failureReason ?? String(e.errorCode ?? 'unknown') }]),
          ...(p !== undefined && novelty !== undefined ? noveltyEvidence(id, p, src, novelty) : []),
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
