import type { Event } from '../events/event.js';
import type { EventBatch, EventSource } from '../sources/source.js';

/** Called with every batch a source yields, before its events are merged (rejects, skips, checkpoints). */
export type BatchObserver = (source: EventSource, batch: EventBatch) => void;

interface Cursor {
  source: EventSource;
  events: Event[];
  i: number;
  /**
   * Time of `events[i]`, kept beside it: each event taken sifts the heap with up to eight
   * comparisons, and reading the times from the events themselves fetched their objects.
   */
  time: number;
}

/**
 * Merge finite sources into one stream in event-time order (each source is assumed roughly ordered;
 * the reorder window downstream absorbs what is not). Yields chunks of up to `chunk` events so the
 * consumer does no per-event await.
 */
export async function* mergeSources(
  sources: readonly EventSource[],
  observe: BatchObserver,
  chunk = 4096,
): AsyncGenerator<Event[]> {
  const heap: Cursor[] = [];
  const less = (a: Cursor, b: Cursor) => a.time < b.time;
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  /** Next non-empty batch of a source, or undefined when it is exhausted (then it is closed). */
  const refill = async (source: EventSource): Promise<Event[] | undefined> => {
    for (;;) {
      const b = await source.next();
      if (b === null) {
        await source.close();
        return undefined;
      }
      observe(source, b);
      if (b.events.length > 0) return b.events;
    }
  };

  for (const s of sources) {
    const events = await refill(s);
    if (events) {
      heap.push({ source: s, events, i: 0, time: events[0]!.time });
      up(heap.length - 1);
    }
  }
  let out: Event[] = [];
  while (heap.length > 0) {
    const c = heap[0]!;
    out.push(c.events[c.i++]!);
    if (c.i >= c.events.length) {
      const events = await refill(c.source);
      if (events) {
        c.events = events;
        c.i = 0;
        c.time = events[0]!.time;
        down(0);
      } else {
        const last = heap.pop()!;
        if (heap.length > 0) {
          heap[0] = last;
          down(0);
        }
      }
    } else {
      c.time = c.events[c.i]!.time;
      down(0);
    }
    if (out.length >= chunk) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

/** Read several sources one after another as one (rotated or hourly files of one log). */
export class SequentialSource implements EventSource {
  private i = 0;
  constructor(
    readonly id: string,
    private readonly parts: readonly (() => EventSource)[],
  ) {}
  private current?: EventSource;

  async next(): Promise<EventBatch | null> {
    for (;;) {
      if (this.current === undefined) {
        const make = this.parts[this.i++];
        if (make === undefined) return null;
        this.current = make();
      }
      const b = await this.current.next();
      if (b !== null) return b;
      await this.current.close();
      this.current = undefined;
    }
  }

  async close(): Promise<void> {
    await this.current?.close();
    this.current = undefined;
    this.i = this.parts.length;
  }
}

/**
 * Group input files into streams that are read one after another: files in the same folder whose
 * names share the part before the first dot (conn.log, conn.00:00:00-01:00:00.log.gz, ...) are one
 * log, rotated. Paths must be sorted. Each group keeps its files in path order.
 */
export function groupRotatedFiles(paths: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    const dir = p.slice(0, slash + 1);
    const base = p.slice(slash + 1);
    const dot = base.indexOf('.');
    const key = dir + (dot > 0 ? base.slice(0, dot) : base);
    let g = groups.get(key);
    if (g === undefined) {
      g = [];
      groups.set(key, g);
    }
    g.push(p);
  }
  return [...groups.values()];
}
