import { DuckDbStore } from './duckdb.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export type StoreKind = 'sqlite' | 'duckdb';

/** The embedded default, chosen by bench/store.ts (ingest and search figures in BENCHMARKS.md). */
export const DEFAULT_STORE_KIND: StoreKind = 'duckdb';

/** Opens (creating if needed) and migrates an embedded store; ":memory:" keeps it in memory. */
export async function openStore(path: string, kind: StoreKind = DEFAULT_STORE_KIND): Promise<Store> {
  const store = kind === 'sqlite' ? new SqliteStore(path) : await DuckDbStore.open(path);
  await store.migrate();
  return store;
}

export type { BreachQuery, Checkpoint, CommitBatch, EventQuery, Reject, Store } from './store.js';
