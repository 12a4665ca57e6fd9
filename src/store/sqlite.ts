import Database from 'better-sqlite3';
import type { Incident } from '../analyst/incident.js';
import type { Event } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { Action, ActionAudit } from '../response/action.js';
import { compileExport, compileSearch, compileTopValues } from '../search/compile.js';
import { exportChunks } from '../search/export.js';
import type { ExportFormat, SearchRequest, SearchResult, TopValue, TopValuesRequest } from '../search/request.js';
import { EVENT_COLUMNS, eventRow } from './eventColumns.js';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import { actionsFilter, breachesFilter, eventsFilter, incidentsFilter } from './queries.js';
import {
  type BreachQuery,
  type Checkpoint,
  type CommitBatch,
  type EventQuery,
  type Reject,
  type Store,
  withStoredAudit,
} from './store.js';

const EXPORT_BATCH = 1000;
const SUCCESS = EVENT_COLUMNS.findIndex((c) => c.name === 'success');

type Statement = Database.Statement<unknown[], unknown>;

/**
 * The Store on SQLite (better-sqlite3): WAL journal, prepared statements, one transaction per
 * commit(). Synchronous underneath; the async methods answer at once.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private prepared: Map<string, Statement> = new Map();
  private readonly row: (string | number | boolean | null)[] = new Array(EVENT_COLUMNS.length).fill(null);
  private readonly commitTx: (batch: CommitBatch) => void;

  constructor(private readonly path: string) {
    this.db = new Database(path);
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    // With WAL, NORMAL survives a process crash (kill -9) with every committed transaction intact.
    this.db.pragma('synchronous = NORMAL');
    this.commitTx = this.db.transaction((batch: CommitBatch) => this.write(batch));
  }

  private stmt(sql: string): Statement {
    let s = this.prepared.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.prepared.set(sql, s);
    }
    return s;
  }

  async migrate(): Promise<void> {
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)`,
    );
    const applied = new Set(
      (this.db.prepare(`SELECT version FROM ${MIGRATIONS_TABLE}`).all() as { version: number }[]).map((r) => r.version),
    );
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        for (const sql of m.statements('sqlite')) this.db.exec(sql);
        this.db
          .prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied) VALUES (?, ?, ?)`)
          .run(m.version, m.name, Date.now());
      })();
    }
    this.prepared = new Map();
  }

  async commit(batch: CommitBatch): Promise<void> {
    this.commitTx(batch);
  }

  private write(batch: CommitBatch): void {
    if (batch.events?.length) {
      const insert = this.stmt(
        `INSERT INTO events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
      );
      const row = this.row;
      for (const e of batch.events) {
        eventRow(e, row);
        // SQLite has no boolean type; it binds 1 and 0.
        const ok = row[SUCCESS];
        if (ok !== null) row[SUCCESS] = ok ? 1 : 0;
        insert.run(row);
      }
    }
    if (batch.breaches?.length) {
      const insert = this.stmt(
        'INSERT OR IGNORE INTO breaches (id, time, model, entity, score, json) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const b of batch.breaches) insert.run(b.id, b.time, b.model, b.entity.id, b.score, JSON.stringify(b));
    }
    if (batch.incidents?.length) {
      const upsert = this.stmt(
        'INSERT OR REPLACE INTO incidents (id, start_time, end_time, status, score, json) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const i of batch.incidents) upsert.run(i.id, i.start, i.end, i.status, i.score, JSON.stringify(i));
    }
    if (batch.actions?.length) {
      const upsert = this.stmt('INSERT OR REPLACE INTO actions (id, status, start_time, json) VALUES (?, ?, ?, ?)');
      for (const next of batch.actions) {
        const a = withStoredAudit(this.jsonRows<Action>('SELECT json FROM actions WHERE id = ?', [next.id])[0], next);
        upsert.run(a.id, a.status, a.start, JSON.stringify(a));
      }
    }
    if (batch.rejects?.length) {
      const insert = this.stmt('INSERT INTO rejects (input, line, reason, text) VALUES (?, ?, ?, ?)');
      for (const r of batch.rejects) insert.run(r.input, r.line ?? null, r.reason, r.text);
    }
    if (batch.checkpoints?.length) {
      const upsert = this.stmt('INSERT OR REPLACE INTO checkpoints (source, updated, json) VALUES (?, ?, ?)');
      for (const c of batch.checkpoints) upsert.run(c.source, c.updated, JSON.stringify(c));
    }
  }

  async getCheckpoint(source: string): Promise<Checkpoint | undefined> {
    const r = this.stmt('SELECT json FROM checkpoints WHERE source = ?').get(source) as { json: string } | undefined;
    return r ? (JSON.parse(r.json) as Checkpoint) : undefined;
  }

  async listCheckpoints(): Promise<Checkpoint[]> {
    return this.jsonRows<Checkpoint>('SELECT json FROM checkpoints ORDER BY source', []);
  }

  async saveSnapshot(name: string, time: number, state: unknown): Promise<void> {
    this.stmt('INSERT OR REPLACE INTO snapshots (name, time, state) VALUES (?, ?, ?)').run(
      name,
      time,
      JSON.stringify(state),
    );
  }

  async loadSnapshot(name: string): Promise<{ time: number; state: unknown } | undefined> {
    const r = this.stmt('SELECT time, state FROM snapshots WHERE name = ?').get(name) as
      | { time: number; state: string }
      | undefined;
    return r ? { time: r.time, state: JSON.parse(r.state) } : undefined;
  }

  async queryEvents(q: EventQuery): Promise<Event[]> {
    const f = eventsFilter(q, 'id');
    return this.jsonRows<Event>(`SELECT json FROM events WHERE ${f.where} ORDER BY ${f.order} LIMIT ? OFFSET ?`, [
      ...f.params,
      f.limit,
      f.offset,
    ]);
  }

  async countEvents(q: EventQuery = {}): Promise<number> {
    const f = eventsFilter(q, 'id');
    return (this.stmt(`SELECT COUNT(*) AS n FROM events WHERE ${f.where}`).get(f.params) as { n: number }).n;
  }

  async queryBreaches(q: BreachQuery): Promise<Breach[]> {
    const f = breachesFilter(q);
    return this.jsonRows<Breach>(`SELECT json FROM breaches WHERE ${f.where} ORDER BY time DESC, id LIMIT ? OFFSET ?`, [
      ...f.params,
      f.limit,
      f.offset,
    ]);
  }

  async getBreach(id: string): Promise<Breach | undefined> {
    return this.jsonRows<Breach>('SELECT json FROM breaches WHERE id = ?', [id])[0];
  }

  async listIncidents(q: Parameters<Store['listIncidents']>[0] = {}): Promise<Incident[]> {
    const f = incidentsFilter(q);
    return this.jsonRows<Incident>(
      `SELECT json FROM incidents WHERE ${f.where} ORDER BY start_time DESC, id LIMIT ? OFFSET ?`,
      [...f.params, f.limit, f.offset],
    );
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    return this.jsonRows<Incident>('SELECT json FROM incidents WHERE id = ?', [id])[0];
  }

  async listActions(q: Parameters<Store['listActions']>[0] = {}): Promise<Action[]> {
    const f = actionsFilter(q);
    return this.jsonRows<Action>(
      `SELECT json FROM actions WHERE ${f.where} ORDER BY start_time DESC, id LIMIT ? OFFSET ?`,
      [...f.params, f.limit, f.offset],
    );
  }

  async getAction(id: string): Promise<Action | undefined> {
    return this.jsonRows<Action>('SELECT json FROM actions WHERE id = ?', [id])[0];
  }

  async updateAction(
    id: string,
    audit: ActionAudit,
    patch?: Partial<Pick<Action, 'expires' | 'mode'>>,
  ): Promise<Action | undefined> {
    return this.db.transaction(() => {
      const current = this.jsonRows<Action>('SELECT json FROM actions WHERE id = ?', [id])[0];
      if (!current) return undefined;
      const next: Action = { ...current, ...patch, status: audit.to, audit: [...current.audit, audit] };
      this.stmt('UPDATE actions SET status = ?, json = ? WHERE id = ?').run(next.status, JSON.stringify(next), id);
      return next;
    })();
  }

  async listRejects(limit = 100): Promise<Reject[]> {
    const rows = this.stmt('SELECT input, line, reason, text FROM rejects ORDER BY id LIMIT ?').all(limit) as {
      input: string;
      line: number | null;
      reason: string;
      text: string;
    }[];
    return rows.map((r) => ({
      input: r.input,
      ...(r.line === null ? {} : { line: r.line }),
      reason: r.reason,
      text: r.text,
    }));
  }

  async countRejects(): Promise<number> {
    return (this.stmt('SELECT COUNT(*) AS n FROM rejects').get() as { n: number }).n;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const c = compileSearch(req, 'sqlite');
    const total = (this.db.prepare(c.count.sql).get(c.count.params) as { n: number }).n;
    const events = (this.db.prepare(c.page.sql).all(c.page.params) as { json: string }[]).map(
      (r) => JSON.parse(r.json) as Event,
    );
    return { total, events };
  }

  async topValues(req: TopValuesRequest): Promise<TopValue[]> {
    const c = compileTopValues(req, 'sqlite');
    return this.db.prepare(c.sql).all(c.params) as TopValue[];
  }

  exportSearch(req: SearchRequest, format: ExportFormat): AsyncIterable<string> {
    const c = compileExport(req, 'sqlite');
    return exportChunks(this.exportBatches(c.sql, c.params), format);
  }

  /**
   * A file database is read through its own connection: WAL gives it one consistent snapshot while
   * commits go on. An in-memory database has no second connection, so its (small) result is read at once.
   */
  private async *exportBatches(sql: string, params: unknown[]): AsyncIterable<Event[]> {
    if (this.path === ':memory:') {
      const rows = this.db.prepare(sql).all(params) as { json: string }[];
      for (let i = 0; i < rows.length; i += EXPORT_BATCH) {
        yield rows.slice(i, i + EXPORT_BATCH).map((r) => JSON.parse(r.json) as Event);
      }
      return;
    }
    const reader = new Database(this.path, { readonly: true });
    try {
      let batch: Event[] = [];
      for (const r of reader.prepare(sql).iterate(params) as IterableIterator<{ json: string }>) {
        batch.push(JSON.parse(r.json) as Event);
        if (batch.length === EXPORT_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      reader.close();
    }
  }

  private jsonRows<T>(sql: string, params: unknown[]): T[] {
    return (this.stmt(sql).all(params) as { json: string }[]).map((r) => JSON.parse(r.json) as T);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
