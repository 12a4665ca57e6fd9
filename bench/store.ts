/**
 * Embedded store: SQLite (better-sqlite3) against DuckDB (@duckdb/node-api) on the two workloads
 * the product puts on it — ingest (commit batches of canonical events with a checkpoint, as the
 * pipeline does) and search (typical analyst queries) — so that the default is chosen by figures.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Event } from '../src/events/event.js';
import { generateEvents } from '../src/store/generatedEvents.js';
import { DEFAULT_STORE_KIND, openStore, type StoreKind } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

export const INGEST_EVENTS = 1_000_000;
const BATCH = 5000;

type Fields = Record<string, unknown>;
const DAY_MS = 86_400_000;
const DAY2 = Date.UTC(2026, 2, 2);

/**
 * What analysts type: pivots on an address, protocol filters, volume and port ranges, time windows,
 * wildcards, fields read from the event JSON, full text. `matches` is the same condition in plain
 * code (with the event's time passed apart, for time-shifted copies), to check the store's answer.
 */
export const TYPICAL_QUERIES: { label: string; query: string; matches: (e: Event, time: number) => boolean }[] = [
  { label: 'everything, newest page', query: '', matches: () => true },
  { label: 'one destination', query: 'dst:1.0.0.0', matches: (e) => (e as unknown as Fields).dst === '1.0.0.0' },
  {
    label: 'one device, DNS only',
    query: 'entity:10.1.0.10 AND kind:net.dns',
    matches: (e) => e.entity.id === '10.1.0.10' && e.kind === 'net.dns',
  },
  {
    label: 'HTTP POSTs',
    query: 'kind:net.http method:POST',
    matches: (e) => e.kind === 'net.http' && e.method === 'POST',
  },
  {
    label: 'large uploads',
    query: 'bytesOut:>1000000',
    matches: (e) => e.kind === 'net.conn' && (e.bytesOut ?? 0) > 1_000_000,
  },
  {
    label: 'port range',
    query: 'kind:net.conn dstPort:[1000 TO 2000]',
    matches: (e) => e.kind === 'net.conn' && e.dstPort >= 1000 && e.dstPort <= 2000,
  },
  {
    label: 'failed logins on one day',
    query: 'time:[2026-03-02 TO 2026-03-02] kind:saas.login success:false',
    matches: (e, t) => t >= DAY2 && t < DAY2 + DAY_MS && e.kind === 'saas.login' && !e.success,
  },
  {
    label: 'wildcard DNS query',
    query: 'query:update1*.contoso.*',
    matches: (e) => e.kind === 'net.dns' && /^update1.*\.contoso\./.test(e.query ?? ''),
  },
  {
    label: 'remote country, not completed',
    query: 'remote.country:RU AND NOT connState:SF',
    matches: (e) => e.kind === 'net.conn' && e.remote?.country === 'RU' && e.connState !== 'SF',
  },
  {
    label: 'field read from the event JSON',
    query: 'validationStatus:"self signed certificate"',
    matches: (e) => e.kind === 'net.tls' && e.validationStatus === 'self signed certificate',
  },
  {
    label: 'full-text phrase',
    query: '"ignore previous instructions"',
    matches: (e) => e.kind === 'ai.prompt' && e.prompt.includes('ignore previous instructions'),
  },
];

export interface IngestFigures {
  kind: StoreKind;
  events: number;
  seconds: number;
  perSecond: number;
  bytes: number;
}

/** Commits `count` generated events in batches with a checkpoint each; times the commits only. */
export async function ingest(store: Store, kind: StoreKind, count: number, path: string): Promise<IngestFigures> {
  let spent = 0;
  let batch: Event[] = [];
  let n = 0;
  const flush = async () => {
    const t = performance.now();
    await store.commit({
      events: batch,
      checkpoints: [{ source: 'bench', offset: n, line: n, updated: batch[batch.length - 1]!.time }],
    });
    spent += performance.now() - t;
    batch = [];
  };
  for (const e of generateEvents({ count, seed: 42 })) {
    batch.push(e);
    n++;
    if (batch.length === BATCH) await flush();
  }
  if (batch.length) await flush();
  return { kind, events: count, seconds: spent / 1000, perSecond: count / (spent / 1000), bytes: dirBytes(path) };
}

/** The JSON floor: serialising the same events, which every store does at least once. */
export function jsonFloor(count: number): number {
  let spent = 0;
  let batch: Event[] = [];
  for (const e of generateEvents({ count, seed: 42 })) {
    batch.push(e);
    if (batch.length === BATCH) {
      const t = performance.now();
      for (const x of batch) JSON.stringify(x);
      spent += performance.now() - t;
      batch = [];
    }
  }
  return count / (spent / 1000);
}

export interface QueryFigure {
  label: string;
  query: string;
  total: number;
  ms: number;
}

/** Median latency of a search page (50 newest matches plus the total count) for each query. */
export async function measureQueries(store: Store, runs = 3): Promise<QueryFigure[]> {
  const out: QueryFigure[] = [];
  for (const q of TYPICAL_QUERIES) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      total = (await store.search({ query: q.query, limit: 50 })).total;
      times.push(performance.now() - t);
      // A query slower than a second is measured once: its noise is small beside it, the bench time is not.
      if (times[0]! > 1000) break;
    }
    out.push({ label: q.label, query: q.query, total, ms: median(times) });
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await store.topValues({ query: 'kind:net.conn', field: 'dst', limit: 10 });
    times.push(performance.now() - t);
  }
  out.push({
    label: 'top 10 destinations of conn events',
    query: 'topValues(dst | kind:net.conn)',
    total: 10,
    ms: median(times),
  });
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function dirBytes(path: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm', '.wal']) {
    try {
      total += statSync(path + suffix).size;
    } catch {}
  }
  return total;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-bench-store-'));
  try {
    const floor = jsonFloor(INGEST_EVENTS);
    const results: { ingest: IngestFigures; queries: QueryFigure[] }[] = [];
    for (const kind of ['sqlite', 'duckdb'] as const) {
      const path = join(dir, `events.${kind}`);
      const store = await openStore(path, kind);
      const figures = await ingest(store, kind, INGEST_EVENTS, path);
      const queries = await measureQueries(store);
      await store.close();
      results.push({ ingest: figures, queries });
    }
    const [sqlite, duckdb] = results as [(typeof results)[0], (typeof results)[0]];
    const lines = [
      `Method: ${fmt(INGEST_EVENTS)} generated canonical events of realistic shape (src/store/generatedEvents.ts:`,
      '60% conn, 15% dns, 10% http, 8% tls, 4% SaaS logins, 3% prompts; skewed devices and endpoints), committed',
      `in batches of ${fmt(BATCH)} with a checkpoint each (one transaction per commit, as the pipeline writes), to a`,
      'file in a temp directory. Only commit time is counted. Then each typical query is run three times (once when slower than 1 s) on the',
      'same store and the median latency of one search page (50 newest matches plus the total count) is given.',
      `Baseline: JSON.stringify of the same events (every store serialises each event once) ran at ${fmt(floor)} events/s.`,
      '',
      '| Store | Ingest events/s | vs JSON floor | Size on disk |',
      '|---|---:|---:|---:|',
      ...results.map(
        (r) =>
          `| ${r.ingest.kind} | ${fmt(r.ingest.perSecond)} | ${fmt(r.ingest.perSecond / floor, 2)} | ${fmt(r.ingest.bytes / 2 ** 20)} MiB |`,
      ),
      '',
      '| Query | Matches | SQLite ms | DuckDB ms | SQLite / DuckDB |',
      '|---|---:|---:|---:|---:|',
      ...sqlite.queries.map((q, i) => {
        const d = duckdb.queries[i]!;
        return `| ${q.label}: \`${q.query || '(all)'}\` | ${fmt(q.total)} | ${fmt(q.ms, 1)} | ${fmt(d.ms, 1)} | ${fmt(q.ms / d.ms, 1)} |`;
      }),
      '',
      choice(sqlite, duckdb),
    ];
    return lines.join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function choice(
  sqlite: { ingest: IngestFigures; queries: QueryFigure[] },
  duckdb: { ingest: IngestFigures; queries: QueryFigure[] },
): string {
  const total = (qs: QueryFigure[]) => qs.reduce((s, q) => s + q.ms, 0);
  const ingestRatio = duckdb.ingest.perSecond / sqlite.ingest.perSecond;
  const searchRatio = total(sqlite.queries) / total(duckdb.queries);
  return [
    `Summed over the queries, DuckDB answered ${fmt(searchRatio, 1)}x as fast as SQLite; it ingested at`,
    `${fmt(ingestRatio, 2)}x SQLite's rate. The embedded default is **${DEFAULT_STORE_KIND}** (src/store/index.ts):`,
    DEFAULT_STORE_KIND === 'duckdb'
      ? 'search over millions of events is a scan-and-aggregate workload that a columnar engine answers without an index per field, while SQLite must either index every searchable field (each index slowing ingest) or scan whole rows.'
      : 'its ingest rate keeps up with the pipeline, and its indexes answer the typical pivots fast enough.',
  ].join(' ');
}
