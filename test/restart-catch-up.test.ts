import { describe, expect, it } from 'vitest';
import { buildPipeline } from '../src/cli/build-pipeline.js';
import { catchUp } from '../src/cli/catch-up.js';
import { parseConfig } from '../src/config/load.js';
import type { PipelineSnapshot } from '../src/engine/pipeline.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';
import { expandInputs, openFileSource } from '../src/sources/files/index.js';
import { openStore } from '../src/store/index.js';
import { sharedData } from './shared-data.js';

/** The real proxy-beacon capture, every record in event-time order (ties in file order). */
async function realEvents(): Promise<Event[]> {
  const out: Event[] = [];
  for (const path of await expandInputs([sharedData('zeek/rita-proxy-beacon/proxy')])) {
    const source = openFileSource(path);
    for (let b = await source.next(); b !== null; b = await source.next()) out.push(...b.events);
    await source.close();
  }
  return out.sort((a, b) => a.time - b.time);
}

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

const config = parseConfig({}, 'test');

describe('restart after a crash', () => {
  it('catches up from the last snapshot through the stored events to the state of an uninterrupted run', async () => {
    const events = await realEvents();
    expect(events.length).toBeGreaterThan(2000);

    // Uninterrupted.
    const whole: Breach[] = [];
    const uninterrupted = buildPipeline(config, { breach: (b) => whole.push(b) }, { keepEvents: false });
    uninterrupted.push(structuredClone(events));
    uninterrupted.flush();
    expect(whole.length).toBeGreaterThan(0);

    // Interrupted: events and decisions committed per batch as `telltale run` does, a snapshot at a
    // third of the way, and a crash at two thirds with events still held in the reorder window.
    const store = await openStore(':memory:');
    const batches = chunks(structuredClone(events), 97);
    const before = buildPipeline(config, {}, { keepEvents: false });
    let snapshot: PipelineSnapshot | undefined;
    const crashAt = Math.floor((batches.length * 2) / 3);
    for (let i = 0; i < crashAt; i++) {
      const batch = batches[i]!;
      before.push(batch);
      await store.commit({ ...before.takeWrites(), events: batch });
      if (i === Math.floor(batches.length / 3)) snapshot = JSON.parse(JSON.stringify(before.snapshot()));
    }
    expect(snapshot).toBeDefined();

    const after = buildPipeline(config, {}, { keepEvents: false });
    after.restore(snapshot!);
    const replayed = await catchUp(store, after, snapshot);
    expect(replayed).toBeGreaterThan(0);
    for (const batch of batches.slice(crashAt)) {
      after.push(batch);
      await store.commit({ ...after.takeWrites(), events: batch });
    }
    after.flush();
    await store.commit(after.takeWrites());

    const stored = await store.queryBreaches({ limit: 100_000 });
    expect(stored.map((b) => b.id).sort()).toEqual(whole.map((b) => b.id).sort());
    expect(JSON.stringify(after.baselines.snapshot())).toBe(JSON.stringify(uninterrupted.baselines.snapshot()));
    await store.close();
  });
});
