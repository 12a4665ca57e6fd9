import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import type { EventBatch, EventSource } from '../sources/source.js';
import { SortedSource } from './sorted-source.js';

function ev(time: number, line: number): Event {
  return {
    kind: 'org.message',
    time,
    source: { input: 'f', line },
    entity: { kind: 'user', id: 'a' },
    from: 'a',
    to: [],
  };
}

function fromBatches(batches: EventBatch[]): EventSource {
  let i = 0;
  return { id: 'f', next: async () => batches[i++] ?? null, close: async () => {} };
}

async function drain(s: EventSource): Promise<EventBatch[]> {
  const out: EventBatch[] = [];
  for (let b = await s.next(); b !== null; b = await s.next()) out.push(b);
  return out;
}

describe('SortedSource', () => {
  it('puts a newest-first export in time order, keeping file order for equal times, and keeps its rejects', async () => {
    const src = fromBatches([
      { events: [ev(30, 1), ev(20, 2)], rejects: [{ input: 'f', line: 3, reason: 'bad', text: 'x' }], skipped: {} },
      { events: [ev(20, 4), ev(10, 5)], rejects: [], skipped: { 'zeek:weird': 2 } },
    ]);
    const out = await drain(new SortedSource(src));
    expect(out.flatMap((b) => b.events.map((e) => e.source.line))).toEqual([5, 2, 4, 1]);
    expect(out.flatMap((b) => b.rejects)).toHaveLength(1);
    expect(out[0]!.skipped).toEqual({ 'zeek:weird': 2 });
  });

  it('sorts a large input in runs of maxBuffered', async () => {
    const batches: EventBatch[] = [];
    for (let i = 0; i < 10; i++) batches.push({ events: [ev(100 - i, i)], rejects: [], skipped: {} });
    const out = await drain(new SortedSource(fromBatches(batches), 5, 2));
    expect(out.flatMap((b) => b.events.map((e) => e.time))).toEqual([96, 97, 98, 99, 100, 91, 92, 93, 94, 95]);
  });

  it('yields nothing for an empty input', async () => {
    expect(await drain(new SortedSource(fromBatches([])))).toEqual([]);
  });
});
