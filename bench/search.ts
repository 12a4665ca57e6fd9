/**
 * Advanced search on millions of events: a store on a temp file holding a generated base of
 * canonical events and time-shifted copies of it (5 million in all), the latency of typical queries,
 * and a check of every answer against the same condition evaluated in plain code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { generateEvents } from '../src/store/generatedEvents.js';
import { DEFAULT_STORE_KIND, openStore, type StoreKind } from '../src/store/index.js';
import { fmt, ingest, measureQueries, TYPICAL_QUERIES } from './store.js';

const BASE_EVENTS = 500_000;
const COPIES = 10;
/** Each copy is shifted past the base's 7-day span, so copies never overlap in time. */
const SHIFT_MS = 8 * 86_400_000;

/**
 * Copies the base events COPIES - 1 times inside the database, shifting time (in the column and
 * in the JSON), so that 5 million events exist without generating each in JavaScript.
 */
async function replicate(path: string, kind: StoreKind): Promise<void> {
  if (kind === 'duckdb') {
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    const cols = (
      await conn.runAndReadAll(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
      )
    )
      .getRowsJS()
      .map((r) => r[0] as string);
    const select = cols.map((c) => {
      if (c === 'time') return 'time + k * CAST(? AS BIGINT)';
      if (c === 'json') {
        // Generated events serialise `time` right after `kind`, so a text replace shifts it without parsing.
        return "replace(json, '\"time\":' || time || ',', '\"time\":' || (time + k * CAST(? AS BIGINT)) || ',')";
      }
      return c;
    });
    await conn.run(
      `INSERT INTO events (${cols.join(', ')}) SELECT ${select.join(', ')} FROM events, range(1, CAST(? AS BIGINT)) r(k)`,
      [SHIFT_MS, SHIFT_MS, COPIES],
    );
    conn.closeSync();
    instance.closeSync();
    return;
  }
  const db = new Database(path);
  const cols = (db.prepare('PRAGMA table_info(events)').all() as { name: string }[])
    .map((r) => r.name)
    .filter((c) => c !== 'id');
  const select = cols.map((c) => {
    if (c === 'time') return 'time + k * @shift';
    if (c === 'json')
      return "json_set(json, '$.time', time + k * @shift, '$.source.line', json_extract(json, '$.source.line') + k * @base)";
    return c;
  });
  db.prepare(
    `INSERT INTO events (${cols.join(', ')}) WITH RECURSIVE r(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM r WHERE k < @last) SELECT ${select.join(', ')} FROM r, events WHERE events.id <= @base`,
  ).run({ shift: SHIFT_MS, base: BASE_EVENTS, last: COPIES - 1 });
  db.close();
}

/** How many of all copies each query should find, counted in plain code over the base events. */
function expectedTotals(): number[] {
  const totals = TYPICAL_QUERIES.map(() => 0);
  for (const e of generateEvents({ count: BASE_EVENTS, seed: 42 })) {
    for (let k = 0; k < COPIES; k++) {
      const t = e.time + k * SHIFT_MS;
      for (let q = 0; q < TYPICAL_QUERIES.length; q++) if (TYPICAL_QUERIES[q]!.matches(e, t)) totals[q]!++;
    }
  }
  return totals;
}

export async function run(): Promise<string> {
  const kind = DEFAULT_STORE_KIND;
  const dir = mkdtempSync(join(tmpdir(), 'telltale-bench-search-'));
  try {
    const path = join(dir, `events.${kind}`);
    let store = await openStore(path, kind);
    const base = await ingest(store, kind, BASE_EVENTS, path);
    await store.close();
    const t = performance.now();
    await replicate(path, kind);
    const replicateSeconds = (performance.now() - t) / 1000;
    store = await openStore(path, kind);
    const count = await store.countEvents();
    const queries = await measureQueries(store);
    await store.close();
    const expected = expectedTotals();
    const wrong = queries.slice(0, TYPICAL_QUERIES.length).filter((q, i) => q.total !== expected[i]);
    const baseline = queries[0]!.ms;
    return [
      `Method: ${fmt(BASE_EVENTS)} generated canonical events (src/store/generatedEvents.ts) committed to the`,
      `embedded default (**${kind}**) on a temp file (${fmt(base.perSecond)} events/s), then copied ${COPIES - 1} times`,
      `inside the database with time shifted by 8 days per copy (${fmt(replicateSeconds, 1)} s): **${fmt(count)} events**`,
      'over 80 days. Each query is run three times; the figure is the median latency of one search page',
      '(50 newest matches plus the total count), compared with the unfiltered newest page. Every total is',
      'checked against the same condition evaluated in plain code over the generated events',
      `(${wrong.length === 0 ? 'all correct' : `WRONG: ${wrong.map((q) => q.label).join(', ')}`}).`,
      '',
      '| Query | Matches | Expected | Latency ms | vs newest page |',
      '|---|---:|---:|---:|---:|',
      ...queries.map(
        (q, i) =>
          `| ${q.label}: \`${q.query || '(all)'}\` | ${fmt(q.total)} | ${i < expected.length ? fmt(expected[i]!) : '-'} | ${fmt(q.ms, 1)} | ${fmt(q.ms / baseline, 2)} |`,
      ),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
