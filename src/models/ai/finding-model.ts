import type { PromptFinding, PromptFindingCategory } from '../../enrich/prompt/finding.js';
import type { AiPromptEvent } from '../../events/event.js';
import type { BreachDraft, Evidence } from '../breach.js';
import { defineModel, type Model, NO_BREACH } from '../model.js';
import { ago, aiAppRef, promptContext } from './prompt-context.js';

/** Thresholds every "what the prompt contains" model shares. */
export interface FindingThresholds {
  [name: string]: number;
  /** Findings below this confidence are ignored. */
  minConfidence: number;
  /** Identity / network breaches of the same person within this many hours raise the score. */
  breachWindowHours: number;
  breachFactor: number;
  roleFactor: number;
  onBehalfFactor: number;
  /** When at least this share of the person's earlier prompts had the category, it is their routine. */
  routineShare: number;
  routineFactor: number;
  /** Prompts needed before "routine" means anything. */
  routineMinPrompts: number;
}

export const FINDING_DEFAULTS: FindingThresholds = {
  minConfidence: 0.5,
  breachWindowHours: 24,
  breachFactor: 1.6,
  roleFactor: 1.3,
  onBehalfFactor: 1.3,
  routineShare: 0.2,
  routineMinPrompts: 20,
  routineFactor: 0.7,
};

export interface FindingModelSpec {
  name: string;
  description: string;
  category: PromptFindingCategory;
  /** How the category reads in a sentence: "credentials", "personal data". */
  noun: string;
  mitre: string[];
  severity: number;
  falsePositives: string[];
  thresholds?: Partial<FindingThresholds>;
  /**
   * How much each finding type weighs against the others (1 when not named): a payment card or a
   * national identifier is a regulated leak, a first name in a word problem hardly one. The
   * heaviest type found sets the score.
   */
  typeWeights?: Readonly<Record<string, number>>;
}

/**
 * A model that reports one category of prompt finding (set on the event by the prompt detectors),
 * scored by the weight of what was found, the detectors' confidence and how many distinct things
 * were found, then by context:
 * higher after identity or network breaches of the same person, for resources unusual for their
 * role, or for an agent doing what its user never does; lower when it is the person's routine.
 * Evidence names finding types and spans, never the matched text.
 */
export function findingModel(spec: FindingModelSpec): Model<FindingThresholds, 'ai.prompt'> {
  return defineModel<FindingThresholds, 'ai.prompt'>({
    meta: {
      name: spec.name,
      description: spec.description,
      category: 'ai',
      mitre: spec.mitre,
      severity: spec.severity,
      reads: ['ai.prompt'],
      thresholds: { ...FINDING_DEFAULTS, ...(spec.thresholds as FindingThresholds | undefined) },
      falsePositives: spec.falsePositives,
    },
    evaluate(e: AiPromptEvent, ctx): readonly BreachDraft[] {
      const all = e.findings;
      if (all === undefined || all.length === 0) return NO_BREACH;
      const p = ctx.params;
      let hits: PromptFinding[] | undefined;
      for (const f of all) {
        if (f.category !== spec.category || f.confidence < p.minConfidence) continue;
        hits ??= [];
        hits.push(f);
      }
      if (hits === undefined) return NO_BREACH;
      const types = [...new Set(hits.map((f) => f.type))];
      const confidence = Math.max(...hits.map((f) => f.confidence));
      const context = promptContext(e, ctx, {
        breachWindowMs: p.breachWindowHours * 3_600_000,
        breachFactor: p.breachFactor,
        roleFactor: p.roleFactor,
        onBehalfFactor: p.onBehalfFactor,
      });
      let factor = context.factor;
      const evidence: Evidence[] = [
        { label: 'Found', value: types.join(', '), baseline: `${hits.length} finding(s) of ${spec.noun}` },
        {
          label: 'Where in the prompt',
          value: hits
            .slice(0, 8)
            .map((f) => `${f.type} at ${f.start}-${f.end}${f.detail ? ` (${f.detail})` : ''}`)
            .join('; '),
        },
        { label: 'Detector confidence', value: Number(confidence.toFixed(2)) },
        { label: 'AI application', value: e.app ?? 'unknown' },
      ];
      const profile = ctx.baseline.ai.actor(e.actor);
      const before = profile?.categories.get(spec.category) ?? 0;
      if (profile !== undefined && profile.prompts >= p.routineMinPrompts) {
        const share = before / profile.prompts;
        if (share >= p.routineShare) {
          factor *= p.routineFactor;
          evidence.push({
            label: 'Reason for a lower score: routine for this actor',
            value: `${before} of ${profile.prompts} earlier prompts had ${spec.noun}`,
            baseline: `at least ${Math.round(p.routineShare * 100)}% counts as routine`,
          });
        } else {
          evidence.push({
            label: `Earlier prompts with ${spec.noun}`,
            value: before,
            baseline: `of ${profile.prompts} prompts since ${ago(e.time - profile.firstSeen)} ago`,
          });
        }
      }
      evidence.push(...context.evidence);
      const weight = Math.max(...types.map((t) => spec.typeWeights?.[t] ?? 1));
      const base = spec.severity * weight * (0.6 + 0.4 * confidence) + Math.min(10, 4 * (types.length - 1));
      return [
        {
          score: base * factor,
          entity: e.entity,
          related: aiAppRef(e),
          summary: `${capitalise(spec.noun)} (${types.join(', ')}) in a prompt by ${e.actor}${e.app ? ` to ${e.app}` : ''}${
            context.priorBreaches.length > 0
              ? `, after ${context.priorBreaches[context.priorBreaches.length - 1]!.model}`
              : ''
          }`,
          evidence,
        },
      ];
    },
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
