import type { Incident } from '../analyst/incident.js';
import type { Breach } from '../models/breach.js';
import type { Action } from './action.js';

/**
 * Decides which actions breaches and incidents lead to (pure, event time). Placeholder until the
 * response issue lands: it proposes nothing.
 */
export class ResponsePolicy {
  onBreach(_breach: Breach): Action[] {
    return [];
  }
  onIncident(_incident: Incident): Action[] {
    return [];
  }
  /** Advance event time; returns actions whose status changed (expiry). */
  advance(_time: number): Action[] {
    return [];
  }
  snapshot(): unknown {
    return {};
  }
  restore(_state: unknown): void {}
}
