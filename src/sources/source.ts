import type { Event } from '../events/event.js';
import type { Checkpoint, Reject } from '../store/store.js';

/** What a source yields each time it is asked: decoded events, rejects, and where it now stands. */
export interface EventBatch {
  /** In the order the input had them (roughly event time; the engine reorders). */
  events: Event[];
  rejects: Reject[];
  /** Records of known formats that telltale does not use, by what they were (e.g. "zeek:weird"). */
  skipped: Record<string, number>;
  /** Covers everything in this batch: commit it atomically with the batch's events. */
  checkpoint?: Checkpoint;
}

/**
 * One input: a file, a live log directory, an API poller. I/O lives here, at the edge.
 * `next()` resolves with the next batch, or null when a finite input is exhausted. A live source
 * resolves at least once per poll interval, with an empty batch when there was nothing new.
 */
export interface EventSource {
  readonly id: string;
  next(): Promise<EventBatch | null>;
  close(): Promise<void>;
}
