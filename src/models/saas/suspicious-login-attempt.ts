import { saasSource } from '../../baseline/identity/index.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { learningEvidence, noveltyEvidence, recentlyBreached, sourceNovelty } from './signals.js';

/**
 * Failed sign-ins that look like someone else trying the password: a burst of failures, or a
 * failure from a rented/anonymising network the organisation does not use. One mistyped
 * password from home stays quiet.
 */
export default defineModel({
  meta: {
    name: SAAS.suspiciousLoginAttempt,
    description:
      'A burst of failed sign-ins for a user, or a failed sign-in from a hosting/VPN/anonymiser network rare in the organisation.',
    category: 'saas',
    mitre: ['T1110'],
    severity: 40,
    reads: ['saas.login'],
    thresholds: { burstFailures: 5, burstMinutes: 30, rareUsers: 2, dedupeMinutes: 60 },
    falsePositives: ['A user locked out after a password change, retrying from a phone with the old password'],
  },
  evaluate(e, ctx) {
    if (e.success || e.interrupted === true || e.user === '' || e.ipContext?.internal === true) return NO_BREACH;
    const { params } = ctx;
    const id = ctx.baseline.identity;
    const since = e.time - params.burstMinutes * 60_000;
    const failures = id.failuresSince(e.user, since).length + 1;
    const p = id.profile(e.user);
    const src = saasSource(e);
    const novelty = p !== undefined ? sourceNovelty(id, p, e.user, src, e.time, params.rareUsers) : undefined;
    const rented = novelty !== undefined ? novelty.rentedAndRare && novelty.newAsn : false;
    const burst = failures >= params.burstFailures;
    if (!burst && !rented) return NO_BREACH;
    if (recentlyBreached(ctx, e.entity, SAAS.suspiciousLoginAttempt, e.time - params.dedupeMinutes * 60_000))
      return NO_BREACH;
    const history = p?.failuresTotal ?? 0;
    const days = Math.max(1, id.historyDays(e.user, e.time));
    return [
      {
        score: 35 + (burst ? 15 : 0) + (rented ? 20 : 0),
        entity: e.entity,
        related: src.ip ? [{ kind: 'endpoint', id: src.ip }] : [],
        summary: `${failures} failed sign-in(s) for ${e.user} within ${params.burstMinutes} minutes${rented ? ` including one from a ${src.networkClass} network` : ''}`,
        evidence: [
          {
            label: `Failed sign-ins in ${params.burstMinutes} minutes`,
            value: failures,
            baseline: `${history} failures in ${days.toFixed(0)} days of history (${(history / days).toFixed(2)} a day)`,
          },
          { label: 'Failure reason', value: e.failureReason ?? String(e.errorCode ?? 'unknown') },
          ...(p !== undefined && novelty !== undefined ? noveltyEvidence(id, p, src, novelty) : []),
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
