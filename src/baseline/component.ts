import type { Event, EventKind } from '../events/event.js';

/**
 * A piece of pattern-of-life state. The engine calls `observe` for every event of the kinds it
 * lists, after the models have judged that event (so models see the past, not the present).
 * State must be plain and serialisable: `snapshot()` is written to the store and `restore()` rebuilds it.
 */
export interface BaselineComponent<S = unknown> {
  readonly name: string;
  readonly observes: readonly EventKind[];
  observe(event: Event): void;
  snapshot(): S;
  restore(state: S): void;
}

/** Options every baseline component receives (from config `baseline`). */
export interface BaselineOptions {
  /** How far back rarity and "normal" look, in ms (default 30 days). */
  learningWindowMs: number;
  /** Hard caps that keep memory bounded. */
  maxEntities: number;
  maxThings: number;
}

export const DEFAULT_BASELINE_OPTIONS: BaselineOptions = {
  learningWindowMs: 30 * 24 * 3600_000,
  maxEntities: 1_000_000,
  maxThings: 2_000_000,
};
