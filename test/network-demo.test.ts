import { describe, expect, it } from 'vitest';
import { buildPipeline } from '../src/cli/build-pipeline.js';
import { configSchema } from '../src/config/schema.js';
import { DEMO_LEARN_UNTIL, loadDemo } from '../src/demo/index.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';

const SCENARIO = 'demo:scenario/network';

/** Every name and address the played-in network attack touched (its DNS queries and destinations). */
function attackEndpoints(events: readonly Event[]): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    if (e.source.input !== SCENARIO) continue;
    if (e.kind === 'net.dns') {
      if (e.query !== undefined) out.add(e.query);
    } else if ('dst' in e) out.add(e.dst);
  }
  return out;
}

describe('the bundled demo, as `telltale run` plays it', () => {
  it('makes the network incident of the implanted laptop of the attack alone, so the response blocks nothing benign', async () => {
    const events = await loadDemo();
    const attack = attackEndpoints(events);
    const victim = events.find((e) => e.source.input === SCENARIO)!.entity.id;
    const breaches: Breach[] = [];
    const pipeline = buildPipeline(
      configSchema.parse({}),
      { breach: (b) => breaches.push(b) },
      { learnUntil: DEMO_LEARN_UNTIL, keepEvents: false },
    );
    pipeline.push(events);
    pipeline.flush();
    const writes = pipeline.takeWrites();

    // The laptop's own benign browsing on the morning (OCSP checks to Let's Encrypt and other
    // responders through the proxy, Firefox fetching its video codec from openh264.org) raises nothing.
    const network = breaches.filter((b) => b.entity.id === victim);
    expect(network.length).toBeGreaterThanOrEqual(4);
    for (const b of network) for (const r of b.related) expect(attack.has(r.id), `${b.model} names ${r.id}`).toBe(true);

    const incidents = (writes.incidents ?? []).filter((i) => i.entities.some((e) => e.id === victim));
    expect(incidents).toHaveLength(1);
    for (const e of incidents[0]!.entities) if (e.kind === 'endpoint') expect(attack.has(e.id), e.id).toBe(true);

    const blocks = (writes.actions ?? []).filter((a) => a.action === 'block_connections' && a.target.id === victim);
    expect(blocks.length).toBeGreaterThan(0);
    for (const a of blocks) {
      const scoped = a.scope?.endpoints ?? [];
      const endpoints = typeof scoped === 'string' ? [scoped] : scoped;
      expect(endpoints.length).toBeGreaterThan(0);
      for (const id of endpoints) expect(attack.has(id), `blocked ${id}`).toBe(true);
    }
  }, 60_000);
});
