import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { latestBreachOf, recentlyBreached } from './signals.js';

/**
 * An unusual sign-in and a rare OAuth grant for the same user close together: the attacker got
 * in and planted an application that keeps access after the password is reset. Either order
 * counts; the breach is raised when the second arrives.
 */
export default defineModel({
  meta: {
    name: SAAS.loginAfterOauth,
    description: 'An unusual sign-in and a rare OAuth permission grant for the same user within the window.',
    category: 'saas',
    mitre: ['T1528', 'T1078.004'],
    severity: 85,
    reads: [],
    readsBreachesOf: [SAAS.oauthGrant, SAAS.unusualSource],
    thresholds: { windowHours: 48 },
    falsePositives: ['A traveller trying a new app while abroad on a VPN'],
  },
  onBreach(b, ctx) {
    const since = b.time - ctx.params.windowHours * 3_600_000;
    const other = b.model === SAAS.oauthGrant ? SAAS.unusualSource : SAAS.oauthGrant;
    const earlier = latestBreachOf(ctx, b.entity, [other], since);
    if (earlier === undefined || recentlyBreached(ctx, b.entity, SAAS.loginAfterOauth, since)) return NO_BREACH;
    const [login, grant] = b.model === SAAS.oauthGrant ? [earlier, b] : [b, earlier];
    return [
      {
        score: Math.max(85, login.score, grant.score),
        entity: b.entity,
        related: [...login.related, ...grant.related],
        summary: `${b.entity.id}: ${login.summary}; ${grant.summary}`,
        evidence: [
          { label: 'Unusual sign-in', value: login.summary },
          { label: 'OAuth grant', value: grant.summary },
          {
            label: 'Time between',
            value: `${Math.round(Math.abs(grant.time - login.time) / 60_000)} minutes`,
            baseline: `window ${ctx.params.windowHours} hours`,
          },
        ],
      },
    ];
  },
});
