import type { AiPromptEvent } from '../../events/event.js';
import type { BreachDraft } from '../breach.js';
import { defineModel, NO_BREACH } from '../model.js';
import { ago, aiAppRef } from './prompt-context.js';

/**
 * An AI agent identity acts for the first time once the organisation's AI use has a baseline:
 * a new automation, or a rogue one registered by an attacker. Acting for a person or touching
 * resources at once raises the score.
 */
export default defineModel({
  meta: {
    name: 'AI / Agent / New Agent Identity',
    description: 'First activity of an AI agent identity not seen before.',
    category: 'ai',
    mitre: ['T1136', 'T1098'],
    severity: 35,
    reads: ['ai.prompt'],
    thresholds: {
      /** Days of AI activity the organisation needs before a new agent is news. */
      minOrgLearningDays: 3,
      actingForBonus: 10,
      resourcesBonus: 10,
      toolsBonus: 5,
    },
    falsePositives: ['Agents deployed through the normal change process'],
  },
  evaluate(e: AiPromptEvent, ctx): readonly BreachDraft[] {
    if (e.actorType !== 'agent') return NO_BREACH;
    const ai = ctx.baseline.ai;
    if (ai.actor(e.actor) !== undefined) return NO_BREACH;
    const since = ai.learningSince;
    const p = ctx.params;
    if (since === undefined || e.time - since < p.minOrgLearningDays * 86_400_000) return NO_BREACH;
    let score = 35;
    if (e.onBehalfOf !== undefined) score += p.actingForBonus;
    if (e.resources !== undefined && e.resources.length > 0) score += p.resourcesBonus;
    if (e.tools !== undefined && e.tools.length > 0) score += p.toolsBonus;
    const agents = ai.actorCount('agent');
    return [
      {
        score,
        entity: e.entity,
        related: [...aiAppRef(e), ...(e.onBehalfOf !== undefined ? [{ kind: 'user' as const, id: e.onBehalfOf }] : [])],
        summary: `New AI agent identity ${e.actor}${e.onBehalfOf ? ` acting for ${e.onBehalfOf}` : ''}`,
        evidence: [
          {
            label: 'Agent',
            value: e.actor,
            baseline: `first activity; ${agents} other agents known, AI activity learnt for ${ago(e.time - since)}`,
          },
          { label: 'Acting for', value: e.onBehalfOf ?? 'nobody stated' },
          { label: 'Tools', value: (e.tools ?? []).join(', ') || 'none' },
          { label: 'Resources', value: (e.resources ?? []).join(', ') || 'none' },
        ],
      },
    ];
  },
});
