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

export interface Incident {
  id: string;
  title: string;
  score: number;
  start: number;
  end: number;
  entities: EntityRef[];
  breaches: string[];
  mitre: { tactics: string[]; techniques: string[] };
  /** Plain-language narrative. */
  summary: string;
  timeline: TimelineEntry[];
  status: 'open' | 'closed';
  /** Set when this incident was merged into another. */
  mergedInto?: string;
  /** Entities of the incident whose rate of breaches jumped ("Large Number of Model Alerts"). */
  signals?: AlertRateSignal[];
}
