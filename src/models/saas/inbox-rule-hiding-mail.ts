import { IDENTITY_PREVALENCE } from '../../baseline/identity/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { externalTargets, hidingFolder, meaninglessName, ruleEvidence } from './rule-signals.js';
import { learningEvidence } from './signals.js';

/**
 * The rule an intruder sets so the victim never sees replies, bounces or warnings: a throwaway
 * name (".", "a", "xx"), mail moved to RSS Subscriptions / Archive / Conversation History, marked
 * as read, deleted or forwarded out. Each trait adds weight; two are needed.
 */
export default defineModel({
  meta: {
    name: SAAS.hidingRule,
    description:
      'Inbox rule whose name or actions hide mail from its owner: meaningless name, move to a rarely read folder, mark read, delete, forward externally.',
    category: 'saas',
    mitre: ['T1564.008', 'T1114.003'],
    severity: 65,
    reads: ['saas.mailbox_rule'],
    thresholds: { minWeight: 2, rareFolderUsers: 1 },
    falsePositives: ['A user archiving automated notifications with a short rule name'],
  },
  evaluate(e, ctx) {
    if (e.user === '' || e.ruleName === undefined) return NO_BREACH;
    const a = e.actions;
    const traits: string[] = [];
    let weight = 0;
    if (meaninglessName(e.ruleName)) {
      weight += 2;
      traits.push(`meaningless name "${e.ruleName}"`);
    }
    if (hidingFolder(a.moveToFolder)) {
      weight += 1;
      traits.push(`moves mail to "${a.moveToFolder}"`);
    }
    if (a.markAsRead && (a.moveToFolder || a.delete)) {
      weight += 1;
      traits.push('marks moved mail as read');
    }
    if (a.delete) {
      weight += 1;
      traits.push('deletes mail');
    }
    const external = externalTargets(e);
    if (external.length > 0) {
      weight += 2;
      traits.push(`forwards to ${external.join(', ')}`);
    }
    if (weight < ctx.params.minWeight) return NO_BREACH;
    const id = ctx.baseline.identity;
    const folderUsers = a.moveToFolder
      ? id.orgPrevalence(IDENTITY_PREVALENCE.ruleFolder, a.moveToFolder.toLowerCase(), e.time).touchers
      : 0;
    return [
      {
        score: 45 + weight * 10 + (a.moveToFolder && folderUsers <= ctx.params.rareFolderUsers ? 5 : 0),
        entity: e.entity,
        related: external.map((x) => ({ kind: 'endpoint' as const, id: x })),
        summary: `${e.user} created an inbox rule that hides mail: ${traits.join(', ')}`,
        evidence: [
          ...ruleEvidence(e),
          { label: 'Hiding traits', value: traits.join('; ') },
          ...(a.moveToFolder
            ? [
                {
                  label: 'Users with rules into this folder',
                  value: folderUsers,
                  baseline: `of ${id.userCount} users in the window`,
                },
              ]
            : []),
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
