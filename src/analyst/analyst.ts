import type { Breach } from '../models/breach.js';
import type { Incident } from './incident.js';

/**
 * Stitches breaches into incidents (pure, event time). Placeholder until the analyst issue lands:
 * it makes no incidents.
 */
export class Analyst {
  /** Feed one breach; returns the incidents created or changed by it. */
  onBreach(_breach: Breach): Incident[] {
    return [];
  }
  /** Advance event time; returns incidents that closed. */
  advance(_time: number): Incident[] {
    return [];
  }
  snapshot(): unknown {
    return {};
  }
  restore(_state: unknown): void {}
}
