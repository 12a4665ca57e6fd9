import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { generateEvents } from '../src/store/generatedEvents.js';
import { openStore } from '../src/store/index.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { searchSuite, storeSuite } from '../src/store/store.suite.js';

storeSuite('sqlite', (path) => openStore(path, 'sqlite'));
searchSuite('sqlite', (path) => openStore(path, 'sqlite'));

it('migrates a version-1 database forward and backfills the new columns from the stored JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-migrate-'));
  try {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)',
    );
    for (const sql of MIGRATIONS[0]!.statements('sqlite')) old.exec(sql);
    old.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(MIGRATIONS[0]!.name);
    const conns = [...generateEvents({ count: 200, seed: 3 })].filter((e) => e.kind === 'net.conn');
    const insert = old.prepare('INSERT INTO events (time, kind, entity_kind, entity, json) VALUES (?, ?, ?, ?, ?)');
    for (const e of conns) insert.run(e.time, e.kind, e.entity.kind, e.entity.id, JSON.stringify(e));
    old.close();

    const store = await openStore(path, 'sqlite');
    const ru = conns.filter((e) => e.kind === 'net.conn' && e.remote?.country === 'RU');
    expect(ru.length).toBeGreaterThan(0);
    expect((await store.search({ query: 'remote.country:RU', limit: 1000 })).total).toBe(ru.length);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
