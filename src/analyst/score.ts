import type { Breach } from '../models/breach.js';
import { clampScore } from '../models/model.js';
import type { AlertRateSignal } from './alertRate.js';
import { chainProgress, type Tactic } from './mitre.js';
import { breachRarity } from './rarity.js';

export interface IncidentScoreWeights {
  /** Share of the headroom each further distinct model's score fills (the strongest counts in full). */
  furtherModels: number;
  /** Context points per distinct tactic beyond the first, and their cap. */
  perTactic: number;
  maxTactics: number;
  /** Points for reaching the end of the kill chain (impact) across two or more tactics; scaled by progress. */
  chain: number;
  /** Points for the rarest thing involved being unique. */
  rarity: number;
  /** Points when an entity's breach rate jumped. */
  alertRate: number;
}

export const DEFAULT_SCORE_WEIGHTS: IncidentScoreWeights = {
  furtherModels: 0.5,
  perTactic: 5,
  maxTactics: 20,
  chain: 15,
  rarity: 10,
  alertRate: 10,
};

export interface IncidentScore {
  score: number;
  /** Each part in points, for the explanation. */
  parts: { breaches: number; tactics: number; chain: number; rarity: number; alertRate: number };
}

/**
 * Incident score 0-100: the strongest breach per model, combined so that each further model fills
 * part of what is left; then distinct tactics, progress along the kill chain, the rarity the
 * evidence states and a jump in breach rate (context points, as percent of the remaining headroom).
 */
export function scoreIncident(
  breaches: readonly Breach[],
  tactics: readonly Tactic[],
  signals: readonly AlertRateSignal[],
  w: IncidentScoreWeights = DEFAULT_SCORE_WEIGHTS,
  /** The highest breach rarity when the caller already keeps it (it is read from evidence text). */
  knownRarity?: number,
): IncidentScore {
  const perModel = new Map<string, number>();
  let rarity = 0;
  for (const b of breaches) {
    perModel.set(b.model, Math.max(perModel.get(b.model) ?? 0, b.score));
    if (knownRarity === undefined) rarity = Math.max(rarity, breachRarity(b) ?? 0);
  }
  if (knownRarity !== undefined) rarity = knownRarity;
  const scores = [...perModel.values()].sort((a, b) => b - a);
  let combined = scores[0] ?? 0;
  for (let i = 1; i < scores.length; i++) combined += ((100 - combined) * scores[i]! * w.furtherModels) / 100;
  const parts = {
    breaches: combined,
    tactics: Math.min(w.maxTactics, Math.max(0, tactics.length - 1) * w.perTactic),
    // A lone tactic is one step, not a chain: progress counts once the attack has moved on.
    chain: tactics.length > 1 ? w.chain * chainProgress(tactics) : 0,
    rarity: w.rarity * rarity,
    alertRate: signals.length > 0 ? w.alertRate : 0,
  };
  // The context points fill a share of the headroom the breaches left, so they lift weak
  // incidents clearly and never push a strong one past what its breaches justify.
  const context = (parts.tactics + parts.chain + parts.rarity + parts.alertRate) / 100;
  return { score: clampScore(combined + (100 - combined) * Math.min(1, context)), parts };
}
