import type { Event } from '../events/event.js';

/**
 * A bounded reorder window (DESIGN §1): events are held until event time has moved `windowMs`
 * past them, then released in time order. An event older than what was already released is late:
 * it is flagged and released at once (stored, counted and evaluated as late, never dropped).
 * Ties keep arrival order, so replays are deterministic.
 *
 * The heap orders by times and arrival numbers kept in arrays beside the events: sifting compares
 * a dozen entries per event, and reading each one's time from its event object would fetch that
 * object into the cache (most events wait long enough to have left it).
 */
export class ReorderBuffer {
  private heap: Event[] = [];
  private times: number[] = [];
  private seqs: number[] = [];
  private seq = 0;
  private maxTime = Number.NEGATIVE_INFINITY;
  private released = Number.NEGATIVE_INFINITY;
  lateCount = 0;

  constructor(private readonly windowMs: number) {}

  get size(): number {
    return this.heap.length;
  }

  /** Add an event; append every event now ready (and a late one) to `out` in order. */
  push(e: Event, out: Event[]): void {
    if (e.time < this.released) {
      e.late = true;
      this.lateCount++;
      out.push(e);
      return;
    }
    this.insert(e);
    if (e.time > this.maxTime) {
      this.maxTime = e.time;
      this.releaseUpTo(this.maxTime - this.windowMs, out);
    }
  }

  /** Release everything (end of a finite input). */
  flush(out: Event[]): void {
    this.releaseUpTo(Number.POSITIVE_INFINITY, out);
  }

  /** Release what is older than `watermark` (e.g. when a live source is idle). */
  releaseUpTo(watermark: number, out: Event[]): void {
    const h = this.heap;
    while (h.length > 0 && this.times[0]! <= watermark) {
      const e = this.pop();
      if (e.time > this.released) this.released = e.time;
      out.push(e);
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.times[i]!;
    const b = this.times[j]!;
    return a < b || (a === b && this.seqs[i]! < this.seqs[j]!);
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const t = h[i]!;
    h[i] = h[j]!;
    h[j] = t;
    const times = this.times;
    const u = times[i]!;
    times[i] = times[j]!;
    times[j] = u;
    const s = this.seqs;
    const v = s[i]!;
    s[i] = s[j]!;
    s[j] = v;
  }

  private insert(e: Event): void {
    this.heap.push(e);
    this.times.push(e.time);
    this.seqs.push(this.seq++);
    let i = this.heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private pop(): Event {
    const h = this.heap;
    const top = h[0]!;
    const last = h.length - 1;
    this.swap(0, last);
    h.pop();
    this.times.pop();
    this.seqs.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(l, m)) m = l;
      if (r < h.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
