import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { latestBreachOf, recentlyBreached } from './signals.js';

/**
 * The takeover's hinge: failed attempts, then a success from an unusual source. Reacts to an
 * unusual-source breach when the same user had suspicious failures (a breach, or enough raw
 * failures) shortly before.
 */
export default defineModel({
  meta: {
    name: SAAS.rareAfterSuspicious,
    description:
      'A sign-in from an unusual external source following suspicious failed sign-in attempts for the same user.',
    category: 'saas',
    mitre: ['T1110', 'T1078.004'],
    severity: 80,
    reads: [],
    readsBreachesOf: [SAAS.unusualSource],
    thresholds: { windowHours: 24, minFailures: 3 },
    falsePositives: ['A traveller who mistyped their password on a hotel network before signing in through a new VPN'],
  },
  onBreach(b, ctx) {
    const { params } = ctx;
    const since = b.time - params.windowHours * 3_600_000;
    if (recentlyBreached(ctx, b.entity, SAAS.rareAfterSuspicious, since)) return NO_BREACH;
    const attempt = latestBreachOf(ctx, b.entity, [SAAS.suspiciousLoginAttempt, SAAS.passwordSpray], since);
    const failures = ctx.baseline.identity.failuresSince(b.entity.id, since);
    if (attempt === undefined && failures.length < params.minFailures) return NO_BREACH;
    const ips = [...new Set(failures.map((f) => f.ip).filter((ip): ip is string => ip !== undefined))];
    return [
      {
        score: Math.max(80, b.score + 15),
        entity: b.entity,
        related: b.related,
        summary: `${b.entity.id} signed in from a rare source after ${failures.length} failed attempt(s) in the previous ${params.windowHours} hours`,
        evidence: [
          {
            label: 'Failed attempts before the sign-in',
            value: failures.length,
            baseline: `within ${params.windowHours} hours`,
          },
          { label: 'Failure source IPs', value: ips.join(', ') || 'unknown' },
          ...(attempt ? [{ label: 'Earlier breach', value: `${attempt.model}: ${attempt.summary}` }] : []),
          { label: 'Sign-in', value: b.summary },
          ...b.evidence,
        ],
      },
    ];
  },
});
