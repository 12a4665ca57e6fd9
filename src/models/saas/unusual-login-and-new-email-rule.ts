import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { latestBreachOf, recentlyBreached } from './signals.js';

const RULES = [SAAS.newEmailRule, SAAS.hidingRule];
const LOGINS = [SAAS.unusualSource, SAAS.rareAfterSuspicious, SAAS.impossibleTravel];

/** An unusual sign-in and a mail-diverting rule for the same user within the window, either order. */
export default defineModel({
  meta: {
    name: SAAS.loginAndRule,
    description:
      'An unusual sign-in and a new forwarding, deleting or hiding inbox rule for the same user within the window.',
    category: 'saas',
    mitre: ['T1078.004', 'T1564.008', 'T1114.003'],
    severity: 85,
    reads: [],
    readsBreachesOf: [...RULES, ...LOGINS],
    thresholds: { windowHours: 24 },
    falsePositives: ['A traveller setting up an out-of-office forwarding rule from a hotel VPN'],
  },
  onBreach(b, ctx) {
    const since = b.time - ctx.params.windowHours * 3_600_000;
    const isRule = (RULES as string[]).includes(b.model);
    const other = latestBreachOf(ctx, b.entity, isRule ? LOGINS : RULES, since);
    if (other === undefined || recentlyBreached(ctx, b.entity, SAAS.loginAndRule, since)) return NO_BREACH;
    const [login, rule] = isRule ? [other, b] : [b, other];
    return [
      {
        score: Math.max(85, login.score, rule.score),
        entity: b.entity,
        related: [...login.related, ...rule.related],
        summary: `${b.entity.id}: ${login.summary}; then ${rule.summary}`,
        evidence: [
          { label: 'Unusual sign-in', value: login.summary },
          { label: 'Mailbox rule', value: rule.summary },
          {
            label: 'Time between',
            value: `${Math.round(Math.abs(rule.time - login.time) / 60_000)} minutes`,
            baseline: `window ${ctx.params.windowHours} hours`,
          },
        ],
      },
    ];
  },
});
