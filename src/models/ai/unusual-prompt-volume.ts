import { promptsInLastHour, promptsToday, usualDailyPeak, usualHourlyPeak } from '../../baseline/ai/actor-profile.js';
import type { AiPromptEvent } from '../../events/event.js';
import type { BreachDraft } from '../breach.js';
import { defineModel, NO_BREACH } from '../model.js';
import { aiAppRef, promptContext } from './prompt-context.js';

const NAME = 'AI / Usage / Unusual Prompt Volume';
const HOUR_MS = 3_600_000;

/**
 * A burst of prompts far above the actor's own busiest hours: scripted extraction through an AI
 * tool, a stolen session, or an agent run amok. The same burst right after the person's manager
 * assigned them work, or while their teammates burst too, is most likely assigned work: it is still
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
      /** Or, spread over a day: at least this many prompts ... */
      minDailyPrompts: 80,
      /** ... and this many times the usual busiest day. */
      dailyRatio: 3,
      minActiveDays: 5,
      breachWindowHours: 24,
      breachFactor: 1.5,
      roleFactor: 1.2,
      onBehalfFactor: 1.2,
      managerWindowHours: 8,
      managerFactor: 0.35,
      /** A manager's message to more people than this is a broadcast, not an assignment. */
      maxAssignRecipients: 5,
      teamFactor: 0.5,
      teamMinBursting: 2,
    },
    falsePositives: [
      "Deadlines and assigned projects (lowered when the manager's message assigning the work precedes the burst)",
      'Batch jobs moved onto an AI tool',
    ],
  },
  evaluate(e: AiPromptEvent, ctx): readonly BreachDraft[] {
    const p = ctx.params;
    const profile = ctx.baseline.ai.actor(e.actor);
    if (profile === undefined) return NO_BREACH;
    const window = ctx.baseline.prevalence.windowMs;
    const burst = crossing(
      // The profile has not learnt this prompt yet: count it in.
      promptsInLastHour(profile, e.time) + 1,
      () => usualHourlyPeak(profile, e.time, window),
      p.minPrompts,
      p.ratio,
      p.minActiveHours,
    );
    const day =
      burst === undefined
        ? crossing(
            promptsToday(profile, e.time) + 1,
            () => usualDailyPeak(profile, e.time, window),
            p.minDailyPrompts,
            p.dailyRatio,
            p.minActiveDays,
          )
        : undefined;
    const hit = burst ?? day;
    if (hit === undefined) return NO_BREACH;
    const per = burst !== undefined ? 'hour' : 'day';
    const since = burst !== undefined ? e.time - HOUR_MS : e.time - (e.time % 86_400_000);
    if (ctx.recentBreaches(e.entity, since).some((b) => b.model === NAME)) return NO_BREACH;
    const context = promptContext(e, ctx, {
      breachWindowMs: p.breachWindowHours * HOUR_MS,
      breachFactor: p.breachFactor,
      roleFactor: p.roleFactor,
      onBehalfFactor: p.onBehalfFactor,
      burst: {
        managerWindowMs: p.managerWindowHours * HOUR_MS,
        managerFactor: p.managerFactor,
        maxAssignRecipients: p.maxAssignRecipients,
        teamFactor: p.teamFactor,
        teamMinBursting: p.teamMinBursting,
      },
    });
    const { count, usual, active } = hit;
    const times = count / Math.max(1, usual);
    const base = 45 + Math.min(35, 10 * Math.log2(times / (per === 'hour' ? p.ratio : p.dailyRatio) + 1));
    const lowered = context.factor < 1;
    return [
      {
        score: base * context.factor,
        entity: e.entity,
        related: aiAppRef(e),
        summary: `${e.actor} sent ${count} prompts in ${per === 'hour' ? 'an hour' : 'a day'}, ${times.toFixed(1)}x their usual busiest ${per}${
          lowered ? ' (context suggests assigned work)' : ''
        }`,
        evidence: [
          {
            label: per === 'hour' ? 'Prompts in the last hour' : 'Prompts today',
            value: count,
            baseline: `usual busiest ${per} ${usual} (95th percentile of ${active} active ${per}s)`,
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

/**
 * A count that has just reached its bar: at least `min`, and `ratio` times the usual peak, once
 * the actor has `minActive` periods of history. Only the crossing is reported, not every prompt
 * above it.
 */
function crossing(
  count: number,
  peak: () => { p95: number; activeHours?: number; activeDays?: number },
  min: number,
  ratio: number,
  minActive: number,
): { count: number; usual: number; active: number } | undefined {
  if (count < min) return undefined;
  const u = peak();
  const active = u.activeHours ?? u.activeDays ?? 0;
  if (active < minActive) return undefined;
  const bar = Math.max(min, Math.ceil(ratio * Math.max(1, u.p95)));
  return count === bar ? { count, usual: u.p95, active } : undefined;
}
