import type { Breach } from '../../models/breach.js';
import { defineRule, HOUR } from '../rule.js';

const RULE_MODELS = [
  'SaaS / Compliance / New Email Rule',
  'SaaS / Compromise / Unusual Login and New Email Rule',
  'SaaS / Compromise / Inbox Rule Hiding Mail',
];

/** The inbox rule a breach is about, from its evidence ("Rule name" / "Rule"). */
function ruleNameOf(breach: Breach): string | undefined {
  const ev = breach.evidence.find((e) => /^rule( name)?$/i.test(e.label) && typeof e.value === 'string');
  return ev === undefined ? undefined : String(ev.value);
}

/** A significant mailbox rule (hides, deletes or forwards mail): remove it. */
export default defineRule({
  meta: {
    name: 'Response / SaaS / Significant Compliance Activity Block',
    description:
      'Removes an inbox rule that a breach found significant (one that hides, deletes or forwards mail, or follows an unusual login).',
    category: 'response',
    mitre: [],
    severity: 0,
    reads: [],
    actions: ['remove_inbox_rule'],
    mode: 'autonomous',
    durationMs: 24 * HOUR,
    thresholds: { minScore: 70 },
    falsePositives: ['A user tidying their mailbox with a rule that deletes or moves newsletters'],
  },
  onBreach(breach, ctx) {
    if (!RULE_MODELS.includes(breach.model) || breach.entity.kind !== 'user') return [];
    if (breach.score < ctx.params.minScore) return [];
    const ruleName = ruleNameOf(breach);
    const scope: Record<string, string> = ruleName === undefined ? {} : { ruleName };
    return [
      {
        action: 'remove_inbox_rule',
        target: breach.entity,
        scope,
        reason: [breach.id],
        time: breach.time,
        why: `${breach.model} scored ${breach.score}${ruleName === undefined ? '' : ` for rule "${ruleName}"`}`,
      },
    ];
  },
});
