import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { latestBreachOf, recentlyBreached } from './signals.js';

/**
 * The takeover's hinge: failed attempts, then a success from an unusual source. Reacts to an
 * unusual-source breach when the same user had suspicious failures (a breach, or enough raw
 * failures) shortly before, or when the sign-in comes from an address that failed against many
 * users (a spray tries each account only once or twice, and the spray breach belongs to whichever
 * account crossed its threshold, so neither the user's own failures nor breaches show it).
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
    thresholds: { windowHours: 24, minFailures: 3, minSprayUsers: 5 },
    falsePositives: ['A traveller who mistyped their password on a hotel network before signing in through a new VPN'],
  },
  onBreach(b, ctx) {
    const { params } = ctx;
    const since = b.time - params.windowHours * 3_600_000;
    if (recentlyBreached(ctx, b.entity, SAAS.rareAfterSuspicious, since)) return NO_BREACH;
    const attempt = latestBreachOf(ctx, b.entity, [SAAS.suspiciousLoginAttempt, SAAS.passwordSpray], since);
    const id = ctx.baseline.identity;
    const failures = id.failuresSince(b.entity.id, since);
    const signInIp = b.related.find((r) => r.kind === 'endpoint')?.id;
    const sprayed = signInIp === undefined ? new Set<string>() : id.usersFailingFromIp(signInIp, since);
    const fromSpray = sprayed.size >= params.minSprayUsers;
    if (attempt === undefined && failures.length < params.minFailures && !fromSpray) return NO_BREACH;
    const ips = [...new Set(failures.map((f) => f.ip).filter((ip): ip is string => ip !== undefined))];
    const sprayNote = fromSpray ? `; ${sprayed.size} users failed to sign in from ${signInIp}` : '';
    return [
      {
        score: Math.max(80, b.score + 15),
        entity: b.entity,
        related: fromSpray
          ? [...b.related, ...[...sprayed].sort().map((u) => ({ kind: 'user' as const, id: u }))]
          : b.related,
        summary: `${b.entity.id} signed in from a rare source after ${failures.length} failed attempt(s) in the previous ${params.windowHours} hours${sprayNote}`,
        evidence: [
          {
            label: 'Failed attempts before the sign-in',
            value: failures.length,
            baseline: `within ${params.windowHours} hours`,
          },
          { label: 'Failure source IPs', value: ips.join(', ') || 'unknown' },
          ...(signInIp !== undefined
            ? [
                {
                  label: 'Users failing from the sign-in IP',
                  value: sprayed.size,
                  baseline: `within ${params.windowHours} hours; a spray from ${params.minSprayUsers}`,
                },
              ]
            : []),
          ...(attempt ? [{ label: 'Earlier breach', value: `${attempt.model}: ${attempt.summary}` }] : []),
          { label: 'Sign-in', value: b.summary },
          ...b.evidence,
        ],
      },
    ];
  },
});
