import type { Event } from '../events/event.js';
import type { EventBatch, EventSource } from '../sources/source.js';

/**
 * A finite source put in event-time order: exports are often newest first (Entra sign-ins, audit
 * searches) and Zeek writes a connection when it ends, so a file read as it is would reach the
 * engine far outside the reorder window. Up to `maxBuffered` events are held and sorted (stable,
 * so equal times keep file order); a larger input is sorted in runs of that size and the reorder
 * window absorbs what remains.
 */
export class SortedSource implements EventSource {
  private queue: Event[] = [];
  private pos = 0;
  private carried: EventBatch | undefined;
  private exhausted = false;

  constructor(
    private readonly inner: EventSource,
    private readonly maxBuffered = 250_000,
    private readonly chunk = 4096,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  async next(): Promise<EventBatch | null> {
    if (this.pos >= this.queue.length) {
      if (this.exhausted) return null;
      await this.fill();
      if (this.queue.length === 0 && this.carried === undefined) return null;
    }
    const events = this.queue.slice(this.pos, this.pos + this.chunk);
    this.pos += events.length;
    const batch: EventBatch = this.carried ?? { events: [], rejects: [], skipped: {} };
    this.carried = undefined;
    batch.events = events;
    return batch;
  }

  /** Read a run of up to maxBuffered events and sort it; rejects and skips ride on its first batch. */
  private async fill(): Promise<void> {
    const run: Event[] = [];
    const carried: EventBatch = { events: [], rejects: [], skipped: {} };
    let any = false;
    while (run.length < this.maxBuffered) {
      const b = await this.inner.next();
      if (b === null) {
        this.exhausted = true;
        break;
      }
      any = true;
      for (const e of b.events) run.push(e);
      for (const r of b.rejects) carried.rejects.push(r);
      for (const [k, n] of Object.entries(b.skipped)) carried.skipped[k] = (carried.skipped[k] ?? 0) + n;
      if (b.checkpoint) carried.checkpoint = b.checkpoint;
    }
    run.sort((a, b) => a.time - b.time);
    this.queue = run;
    this.pos = 0;
    this.carried = any ? carried : undefined;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
