import { promptsInLastHour, usualHourlyPeak } from '../../baseline/ai/actor-profile.js';
import type { AiPromptEvent } from '../../events/event.js';
import type { BreachDraft } from '../breach.js';
import { defineModel, NO_BREACH } from '../model.js';
import { aiAppRef, promptContext } from './prompt-context.js';

const NAME = 'AI / Usage / Unusual Prompt Volume';
const HOUR_MS = 3_600_000;

/**
 * A burst of prompts far above the actor's own busiest hours: scripted extraction through an AI
 * tool, a stolen session, or an agent run amok. The same burst right after the person's manager
 * wrote to them, or while their teammates burst too, is most likely assigned work: it is still
 * reported, at a low score, with the reason.
 */
export default defineModel({
  meta: {
    name: NAME,
    description: "Prompts in the last hour far above the actor's usual busiest hour.",
    category: 'ai',
    mitre: ['T1119', 'T1530'],
    severity: 50,
    reads: ['ai.prompt'],
    thresholds: {
      /** At least this many prompts in an hour. */
      minPrompts: 20,
      /** ... and at least this many times the usual busiest hour (95th percentile of active hours). */
      ratio: 4,
      /** Hours with prompts the actor needs before its usual means anything. */
      minActiveHours: 8,
      breachWindowHours: 24,
      breachFactor: 1.5,
      roleFactor: 1.2,
      onBehalfFactor: 1.2,
      managerWindowHours: 8,
      managerFactor: 0.35,
      teamFactor: 0.5,
      teamMinBursting: 2,
    },
    falsePositives: [
      'Deadlines and assigned projects (lowered when a manager message precedes the burst)',
      'Batch jobs moved onto an AI tool',
    ],
  },
  evaluate(e: AiPromptEvent, ctx): readonly BreachDraft[] {
    const p = ctx.params;
    const profile = ctx.baseline.ai.actor(e.actor);
    if (profile === undefined) return NO_BREACH;
    // The profile has not learnt this prompt yet: count it in.
    const count = promptsInLastHour(profile, e.time) + 1;
    if (count < p.minPrompts) return NO_BREACH;
    const usual = usualHourlyPeak(profile, e.time, ctx.baseline.prevalence.windowMs);
    if (usual.activeHours < p.minActiveHours) return NO_BREACH;
    const bar = Math.max(p.minPrompts, Math.ceil(p.ratio * Math.max(1, usual.p95)));
    // Report the crossing once, not every prompt of the burst.
    if (count !== bar) return NO_BREACH;
    if (ctx.recentBreaches(e.entity, e.time - HOUR_MS).some((b) => b.model === NAME)) return NO_BREACH;
    const context = promptContext(e, ctx, {
      breachWindowMs: p.breachWindowHours * HOUR_MS,
      breachFactor: p.breachFactor,
      roleFactor: p.roleFactor,
      onBehalfFactor: p.onBehalfFactor,
      burst: {
        managerWindowMs: p.managerWindowHours * HOUR_MS,
        managerFactor: p.managerFactor,
        teamFactor: p.teamFactor,
        teamMinBursting: p.teamMinBursting,
      },
    });
    const times = count / Math.max(1, usual.p95);
    const base = 45 + Math.min(35, 10 * Math.log2(times / p.ratio + 1));
    const lowered = context.factor < 1;
    return [
      {
        score: base * context.factor,
        entity: e.entity,
        related: aiAppRef(e),
        summary: `${e.actor} sent ${count} prompts in an hour, ${times.toFixed(1)}x their usual busiest hour${
          lowered ? ' (context suggests assigned work)' : ''
        }`,
        evidence: [
          {
            label: 'Prompts in the last hour',
            value: count,
            baseline: `usual busiest hour ${usual.p95} (95th percentile of ${usual.activeHours} active hours)`,
          },
          {
            label: 'Total prompts learnt',
            value: profile.prompts,
            baseline: `since ${new Date(profile.firstSeen).toISOString()}`,
          },
          ...context.evidence,
        ],
      },
    ];
  },
});
