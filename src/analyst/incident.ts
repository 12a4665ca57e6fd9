import type { EntityRef } from '../events/event.js';
import type { AlertRateSignal } from './alertRate.js';

export interface TimelineEntry {
  time: number;
  breachId: string;
  model: string;
  entity: EntityRef;
  summary: string;
  score: number;
}

/** A tactic by short name, when the incident first reached it and through which breach. */
export interface TacticReachedRef {
  tactic: string;
  time: number;
  breach: string;
}

export interface Incident {
  id: string;
  title: string;
  score: number;
  start: number;
  end: number;
  entities: EntityRef[];
  breaches: string[];
  /**
   * ATT&CK: tactics in kill-chain order (how far the attack got, for scoring), techniques, and the
   * tactics in the order the attack reached them, each with its first breach.
   */
  mitre: { tactics: string[]; techniques: string[]; reached?: TacticReachedRef[] };
  /** Plain-language narrative. */
  summary: string;
  timeline: TimelineEntry[];
  status: 'open' | 'closed';
  /** Set when this incident was merged into another. */
  mergedInto?: string;
  /** Entities of the incident whose rate of breaches jumped ("Large Number of Model Alerts"). */
  signals?: AlertRateSignal[];
}
