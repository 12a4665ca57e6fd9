import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { generateEvents } from '../src/store/generatedEvents.js';
import { openStore } from '../src/store/index.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { searchSuite, storeSuite } from '../src/store/store.suite.js';

storeSuite('duckdb', (path) => openStore(path, 'duckdb'));
searchSuite('duckdb', (path) => openStore(path, 'duckdb'));

it('migrates a version-1 database forward and backfills the new columns from the stored JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-migrate-'));
  try {
    const path = join(dir, 'old.duckdb');
    const instance = await DuckDBInstance.create(path);
    const old = await instance.connect();
    await old.run(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied BIGINT NOT NULL)',
    );
    for (const sql of MIGRATIONS[0]!.statements('duckdb')) await old.run(sql);
    await old.run('INSERT INTO schema_migrations VALUES (1, ?, 0)', [MIGRATIONS[0]!.name]);
    const conns = [...generateEvents({ count: 200, seed: 3 })].filter((e) => e.kind === 'net.conn');
    for (const e of conns) {
      await old.run('INSERT INTO events (time, kind, entity_kind, entity, json) VALUES (?, ?, ?, ?, ?)', [
        e.time,
        e.kind,
        e.entity.kind,
        e.entity.id,
        JSON.stringify(e),
      ]);
    }
    old.closeSync();
    instance.closeSync();

    const store = await openStore(path, 'duckdb');
    const ru = conns.filter((e) => e.kind === 'net.conn' && e.remote?.country === 'RU');
    expect(ru.length).toBeGreaterThan(0);
    expect((await store.search({ query: 'remote.country:RU', limit: 1000 })).total).toBe(ru.length);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
