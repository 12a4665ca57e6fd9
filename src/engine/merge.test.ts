import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import type { EventBatch, EventSource } from '../sources/source.js';
import { mergeSources } from './merge.js';

function ev(input: string, time: number): Event {
  return {
    kind: 'org.message',
    time,
    source: { input, line: time },
    entity: { kind: 'user', id: 'a' },
    from: 'a',
    to: [],
  };
}

/** A finite source that yields the given batches of event times (an empty batch is allowed). */
function source(id: string, batches: number[][]): EventSource & { closed: boolean } {
  let i = 0;
  return {
    id,
    closed: false,
    async next(): Promise<EventBatch | null> {
      const times = batches[i++];
      if (times === undefined) return null;
      return { events: times.map((t) => ev(id, t)), rejects: [], skipped: {} };
    },
    async close() {
      this.closed = true;
    },
  };
}

describe('mergeSources', () => {
  it('yields every event of every source in time order, across batch boundaries, in chunks', async () => {
    const a = source('a', [[1, 4, 9], [], [10, 30]]);
    const b = source('b', [
      [2, 3],
      [5, 6, 7, 8],
    ]);
    const c = source('c', [[0], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]]);
    const chunks: Event[][] = [];
    for await (const chunk of mergeSources([a, b, c], () => {}, 4)) chunks.push(chunk);
    expect(chunks.every((ch) => ch.length <= 4)).toBe(true);
    const out = chunks.flat();
    expect(out.map((e) => e.time)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 30,
    ]);
    expect([a.closed, b.closed, c.closed]).toEqual([true, true, true]);
  });

  it('keeps each source in its own order when its times go back (the reorder window sorts later)', async () => {
    const a = source('a', [[5, 3, 8]]);
    const b = source('b', [[4, 6]]);
    const out: Event[] = [];
    for await (const chunk of mergeSources([a, b], () => {})) out.push(...chunk);
    expect(out.filter((e) => e.source.input === 'a').map((e) => e.time)).toEqual([5, 3, 8]);
    expect(out.map((e) => `${e.source.input}${e.time}`)).toEqual(['b4', 'a5', 'a3', 'b6', 'a8']);
  });
});
