import type { Analyst } from '../analyst/analyst.js';
import type { Incident } from '../analyst/incident.js';
import type { Action } from '../response/action.js';
import type { ResponsePolicy } from '../response/policy.js';

export interface LiveClockOptions {
  /** Wall-clock milliseconds without a newer event before event time moves on by itself. */
  idleMs: number;
  /** Wall clock (injected so that tests need not wait). */
  now: () => number;
}

/**
 * Under `telltale run`, event time tracks wall time: the core only moves on when events arrive, so
 * when a feed goes quiet the clock carries the newest event time forward at the wall clock's pace
 * (event time = newest event + wall time since it arrived). Quarantines and blocks then expire and
 * quiet incidents close on time with no event to push them. Counting from the newest event rather
 * than reading the wall clock itself keeps a feed that lags (or the demo's past morning) consistent
 * with its own timeline. After a restart the count starts again from the snapshot's event time.
 */
export class LiveClock {
  private eventTime = Number.NEGATIVE_INFINITY;
  private wallAtEvent: number;
  private advancedTo = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: LiveClockOptions) {
    this.wallAtEvent = o.now();
  }

  /**
   * Given the pipeline's event time now, the event time to advance the quiet core to, or undefined
   * while events keep it moving (or before any event, or when it is not later than the last advance).
   */
  due(pipelineTime: number): number | undefined {
    const now = this.o.now();
    if (pipelineTime !== this.eventTime) {
      this.eventTime = pipelineTime;
      this.wallAtEvent = now;
      return undefined;
    }
    if (this.eventTime === Number.NEGATIVE_INFINITY) return undefined;
    const idle = now - this.wallAtEvent;
    if (idle < this.o.idleMs) return undefined;
    const t = this.eventTime + idle;
    if (t <= this.advancedTo) return undefined;
    this.advancedTo = t;
    return t;
  }
}

/** What advancing the quiet core changed: incidents that closed and actions that expired. */
export interface QuietAdvance {
  incidents: Incident[];
  actions: Action[];
}

/** Tell the analyst and the response policy that event time reached `time`. */
export function advanceQuiet(
  core: { analyst: Pick<Analyst, 'advance'>; policy: Pick<ResponsePolicy, 'advance'> },
  time: number,
): QuietAdvance {
  return { incidents: core.analyst.advance(time), actions: core.policy.advance(time) };
}
