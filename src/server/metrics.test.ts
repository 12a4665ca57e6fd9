import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { ServerMetrics } from './metrics.js';

const NOW = Date.UTC(2026, 11, 4, 12);

describe('Prometheus metrics', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('labels the demo as its own source, and gives lag only for live sources, as ingest delay', async () => {
    let wall = NOW;
    const m = new ServerMetrics(() => wall);
    // The demo's events are from months ago: counted, with no lag.
    m.countEvents('demo', 5000, Date.UTC(2026, 2, 12, 9));
    m.countEvents('files', 10, Date.UTC(2024, 3, 29));
    // A live log delivering events 30 s after they happened.
    m.countEvents('/var/log/zeek/current', 100, NOW - 30_000);
    // Later the source goes quiet: the lag stays what the last batch showed, not the age of its events.
    wall = NOW + 3_600_000;
    const text = await m.render(store, wall);
    expect(text).toContain('telltale_events_in_total{source="demo"} 5000');
    expect(text).toContain('telltale_source_lag_seconds{source="/var/log/zeek/current"} 30');
    expect(text).not.toMatch(/telltale_source_lag_seconds\{source="(demo|files)"\}/);
  });

  it('never reports a negative lag for events stamped ahead of this clock', async () => {
    const m = new ServerMetrics(() => NOW);
    m.countEvents('api', 1, NOW + 5000);
    expect(await m.render(store, NOW)).toContain('telltale_source_lag_seconds{source="api"} 0');
  });
});
