import type { AiPromptEvent } from '../../events/event.js';
import type { BreachDraft } from '../breach.js';
import { defineModel, NO_BREACH } from '../model.js';
import { ago, aiAppRef, establishedFor, promptContext } from './prompt-context.js';

/**
 * An established actor starts using an AI application that almost nobody in the organisation
 * uses: shadow AI, where data goes to a tool no one vetted. Popular apps are not reported: a
 * tool many colleagues already use is adoption, not risk.
 */
export default defineModel({
  meta: {
    name: 'AI / Usage / New AI Application',
    description: 'First use by this actor of an AI application that is rare across the organisation.',
    category: 'ai',
    mitre: ['T1567'],
    severity: 40,
    reads: ['ai.prompt'],
    thresholds: {
      /** Days of history the actor needs before "new for them" is meaningful. */
      minHistoryDays: 7,
      /** Report only when at most this many other actors used the app in the window. */
      maxOtherUsers: 2,
      breachWindowHours: 24,
      breachFactor: 1.5,
      roleFactor: 1.2,
      onBehalfFactor: 1.2,
    },
    falsePositives: ['Pilots of a new AI tool by a small team', 'A renamed application'],
  },
  evaluate(e: AiPromptEvent, ctx): readonly BreachDraft[] {
    if (e.app === undefined) return NO_BREACH;
    const p = ctx.params;
    const app = e.app.toLowerCase();
    const profile = ctx.baseline.ai.actor(e.actor);
    if (profile === undefined || profile.apps.has(app)) return NO_BREACH;
    if (!establishedFor(ctx.baseline, e.actor, e.time, p.minHistoryDays)) return NO_BREACH;
    const prev = ctx.baseline.ai.appPrevalence(app, e.time);
    if (prev.touchers > p.maxOtherUsers) return NO_BREACH;
    const context = promptContext(e, ctx, {
      breachWindowMs: p.breachWindowHours * 3_600_000,
      breachFactor: p.breachFactor,
      roleFactor: p.roleFactor,
      onBehalfFactor: p.onBehalfFactor,
    });
    const orgNew = prev.touchers === 0;
    const base = orgNew ? 45 : 35;
    const actors = ctx.baseline.ai.actorCount('human') + ctx.baseline.ai.actorCount('agent');
    return [
      {
        score: base * context.factor,
        entity: e.entity,
        related: aiAppRef(e),
        summary: `${e.actor} used ${e.app}, ${orgNew ? 'an AI application new to the organisation' : 'an AI application few colleagues use'}`,
        evidence: [
          {
            label: 'AI application',
            value: e.app,
            baseline: orgNew
              ? `first use by anyone; 0 of ${actors} actors in the window`
              : `${prev.touchers} of ${actors} actors in the window; first seen ${ago(e.time - (prev.firstSeen ?? e.time))} ago`,
          },
          { label: 'Applications this actor used before', value: [...profile.apps.keys()].join(', ') || 'none' },
          ...context.evidence,
        ],
      },
    ];
  },
});
