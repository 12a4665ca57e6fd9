import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import { ReorderBuffer } from './reorder.js';

function ev(time: number, line: number): Event {
  return {
    kind: 'org.message',
    time,
    source: { input: 't', line },
    entity: { kind: 'user', id: 'a' },
    from: 'a',
    to: [],
  };
}

describe('ReorderBuffer', () => {
  it('releases events in time order once the window has passed them, ties in arrival order', () => {
    const rb = new ReorderBuffer(10);
    const out: Event[] = [];
    for (const [t, l] of [
      [5, 1],
      [3, 2],
      [5, 3],
      [9, 4],
    ] as const)
      rb.push(ev(t, l), out);
    expect(out).toEqual([]);
    rb.push(ev(16, 5), out);
    expect(out.map((e) => e.source.line)).toEqual([2, 1, 3]);
    rb.flush(out);
    expect(out.map((e) => e.time)).toEqual([3, 5, 5, 9, 16]);
    expect(out.some((e) => e.late)).toBe(false);
  });

  it('flags and releases at once an event older than what was released', () => {
    const rb = new ReorderBuffer(10);
    const out: Event[] = [];
    rb.push(ev(100, 1), out);
    rb.push(ev(200, 2), out);
    expect(out.map((e) => e.time)).toEqual([100]);
    rb.push(ev(50, 3), out);
    expect(out.map((e) => e.time)).toEqual([100, 50]);
    expect(out[1]!.late).toBe(true);
    expect(rb.lateCount).toBe(1);
    // Within the window is not late.
    rb.push(ev(195, 4), out);
    rb.flush(out);
    expect(out.slice(2).map((e) => [e.time, e.late ?? false])).toEqual([
      [195, false],
      [200, false],
    ]);
  });

  it('releases a long disordered stream as a stable sort by time would', () => {
    // Deterministic pseudo-random times, many ties, disorder up to 8 (inside the window of 10).
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const input = Array.from({ length: 5000 }, (_, i) => ev(Math.floor(i / 3) + Math.floor(next() * 8), i + 1));
    const rb = new ReorderBuffer(10);
    const out: Event[] = [];
    for (const e of input) rb.push(e, out);
    rb.flush(out);
    const expected = [...input].sort((a, b) => a.time - b.time || a.source.line! - b.source.line!);
    expect(out.map((e) => e.source.line)).toEqual(expected.map((e) => e.source.line));
    expect(rb.lateCount).toBe(0);
  });
});
