import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { latestBreachOf, recentlyBreached } from './signals.js';

const LOGINS = [SAAS.unusualSource, SAAS.rareAfterSuspicious, SAAS.impossibleTravel];

/** An unusual sign-in and an outbound mail surge for the same user within the window, either order. */
export default defineModel({
  meta: {
    name: SAAS.loginAndSpam,
    description: 'An unusual sign-in and a surge of external mail for the same user within the window.',
    category: 'saas',
    mitre: ['T1078.004', 'T1586.002', 'T1566.001'],
    severity: 90,
    reads: [],
    readsBreachesOf: [SAAS.outboundSpam, ...LOGINS],
    thresholds: { windowHours: 24 },
    falsePositives: ['A marketer launching a first campaign while travelling'],
  },
  onBreach(b, ctx) {
    const since = b.time - ctx.params.windowHours * 3_600_000;
    const isSpam = b.model === SAAS.outboundSpam;
    const other = latestBreachOf(ctx, b.entity, isSpam ? LOGINS : [SAAS.outboundSpam], since);
    if (other === undefined || recentlyBreached(ctx, b.entity, SAAS.loginAndSpam, since)) return NO_BREACH;
    const [login, spam] = isSpam ? [other, b] : [b, other];
    return [
      {
        score: Math.max(90, login.score, spam.score),
        entity: b.entity,
        related: [...login.related, ...spam.related],
        summary: `${b.entity.id}: ${login.summary}; ${spam.summary}`,
        evidence: [
          { label: 'Unusual sign-in', value: login.summary },
          { label: 'Outbound mail', value: spam.summary },
          {
            label: 'Time between',
            value: `${Math.round(Math.abs(spam.time - login.time) / 60_000)} minutes`,
            baseline: `window ${ctx.params.windowHours} hours`,
          },
        ],
      },
    ];
  },
});
