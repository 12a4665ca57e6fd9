import type { Event } from '../../events/event.js';
import type { Reject } from '../../store/store.js';
import type { DecodeSink } from '../decoder.js';

/** A sink that keeps everything, for decoder tests. */
export function collectingSink(): DecodeSink & { events: Event[]; rejects: Reject[]; skipped: Record<string, number> } {
  const events: Event[] = [];
  const rejects: Reject[] = [];
  const skipped: Record<string, number> = {};
  return {
    events,
    rejects,
    skipped,
    event: (e) => events.push(e),
    reject: (r) => rejects.push(r),
    skip: (what) => {
      skipped[what] = (skipped[what] ?? 0) + 1;
    },
  };
}

/** Feeds `text` to a decoder line by line. */
export function feed(decoder: { line(t: string, n: number): void; end(): void }, text: string): void {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) decoder.line(lines[i]!, i + 1);
  decoder.end();
}
