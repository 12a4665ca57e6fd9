import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { externalTargets, ruleEvidence } from './rule-signals.js';
import { learningEvidence } from './signals.js';

/**
 * A new inbox rule or mailbox setting that takes mail away from its owner: forwarding or
 * redirecting outside the organisation, deleting, or marking as read. Filing newsletters into a
 * folder is not one of them.
 */
export default defineModel({
  meta: {
    name: SAAS.newEmailRule,
    description: 'New inbox rule or mailbox forwarding that forwards externally, deletes or marks mail as read.',
    category: 'saas',
    mitre: ['T1114.003', 'T1564.008'],
    severity: 45,
    reads: ['saas.mailbox_rule'],
    thresholds: { firstRuleBonus: 10 },
    falsePositives: ['A user forwarding mail to a personal address before leave (a policy issue, still worth seeing)'],
  },
  evaluate(e, ctx) {
    if (e.user === '') return NO_BREACH;
    const external = externalTargets(e);
    const a = e.actions;
    if (external.length === 0 && !a.delete && !a.markAsRead) return NO_BREACH;
    const id = ctx.baseline.identity;
    const before = id.profile(e.user)?.rulesCreated ?? 0;
    return [
      {
        score:
          40 +
          (external.length > 0 ? 25 : 0) +
          (a.delete ? 10 : 0) +
          (a.markAsRead ? 5 : 0) +
          (before === 0 ? ctx.params.firstRuleBonus : 0),
        entity: e.entity,
        related: external.map((x) => ({ kind: 'endpoint' as const, id: x })),
        summary: `${e.user} created mailbox rule "${e.ruleName ?? e.operation}" that ${external.length > 0 ? `forwards to ${external.join(', ')}` : a.delete ? 'deletes mail' : 'marks mail as read'}`,
        evidence: [
          ...ruleEvidence(e),
          { label: 'Rules created by this user before', value: before },
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
