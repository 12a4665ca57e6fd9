import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
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

type Cell = string | number | boolean | null;

/**
 * The Store on DuckDB (@duckdb/node-api): columnar, events written with the appender, everything
 * of one commit() in one transaction (the appender writes into the connection's open transaction).
 * Calls are serialised on one connection so that no statement lands inside another call's transaction.
 */
export class DuckDbStore implements Store {
  readonly kind = 'duckdb';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly row: Cell[] = new Array(EVENT_COLUMNS.length).fill(null);

  /** Searches run on a connection of their own, so that a slow one never holds up a commit. */
  private searchQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly searchConn: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<DuckDbStore> {
    // Checkpointing at DuckDB's default 16 MB of WAL halves the ingest rate; 256 MB keeps restart replay short.
    const instance = await DuckDBInstance.create(path, { checkpoint_threshold: '256MB' });
    return new DuckDbStore(instance, await instance.connect(), await instance.connect());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private serialSearch<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.searchQueue.then(fn, fn);
    this.searchQueue = next.catch(() => undefined);
    return next;
  }

  private async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.conn.run('COMMIT');
      return out;
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    }
  }

  private async rows(sql: string, params: unknown[] = [], conn = this.conn): Promise<Record<string, unknown>[]> {
    const reader = await conn.runAndReadAll(sql, params as DuckDBValue[]);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  private async jsonRows<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.rows(sql, params)).map((r) => JSON.parse(r.json as string) as T);
  }

  migrate(): Promise<void> {
    return this.serial(async () => {
      await this.conn.run(
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied BIGINT NOT NULL)`,
      );
      const applied = new Set(
        (await this.rows(`SELECT version FROM ${MIGRATIONS_TABLE}`)).map((r) => Number(r.version)),
      );
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await this.transaction(async () => {
          for (const sql of m.statements('duckdb')) await this.conn.run(sql);
          await this.conn.run(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied) VALUES (?, ?, ?)`, [
            m.version,
            m.name,
            Date.now(),
          ]);
        });
      }
    });
  }

  commit(batch: CommitBatch): Promise<void> {
    return this.serial(() => this.transaction(() => this.write(batch)));
  }

  private async write(batch: CommitBatch): Promise<void> {
    if (batch.events?.length) await this.appendEvents(batch.events);
    for (const b of batch.breaches ?? []) {
      await this.conn.run(
        'INSERT OR IGNORE INTO breaches (id, time, model, entity, score, json) VALUES (?, ?, ?, ?, ?, ?)',
        [b.id, b.time, b.model, b.entity.id, b.score, JSON.stringify(b)],
      );
    }
    for (const i of batch.incidents ?? []) {
      await this.conn.run(
        'INSERT OR REPLACE INTO incidents (id, start_time, end_time, status, score, json) VALUES (?, ?, ?, ?, ?, ?)',
        [i.id, i.start, i.end, i.status, i.score, JSON.stringify(i)],
      );
    }
    for (const next of batch.actions ?? []) {
      const stored = (await this.jsonRows<Action>('SELECT json FROM actions WHERE id = ?', [next.id]))[0];
      const a = withStoredAudit(stored, next);
      await this.conn.run('INSERT OR REPLACE INTO actions (id, status, start_time, json) VALUES (?, ?, ?, ?)', [
        a.id,
        a.status,
        a.start,
        JSON.stringify(a),
      ]);
    }
    for (const r of batch.rejects ?? []) {
      await this.conn.run('INSERT INTO rejects (input, line, reason, text) VALUES (?, ?, ?, ?)', [
        r.input,
        r.line ?? null,
        r.reason,
        r.text,
      ]);
    }
    for (const c of batch.checkpoints ?? []) {
      await this.conn.run('INSERT OR REPLACE INTO checkpoints (source, updated, json) VALUES (?, ?, ?)', [
        c.source,
        c.updated,
        JSON.stringify(c),
      ]);
    }
  }

  private async appendEvents(events: readonly Event[]): Promise<void> {
    const appender = await this.conn.createAppender('events');
    try {
      const row = this.row;
      for (const e of events) {
        eventRow(e, row);
        for (let i = 0; i < EVENT_COLUMNS.length; i++) {
          const v = row[i];
          if (v === null || v === undefined) {
            appender.appendNull();
            continue;
          }
          switch (EVENT_COLUMNS[i]!.type) {
            case 'bigint':
              appender.appendBigInt(BigInt(Math.trunc(v as number)));
              break;
            case 'integer':
              appender.appendInteger(v as number);
              break;
            case 'double':
              appender.appendDouble(v as number);
              break;
            case 'boolean':
              appender.appendBoolean(v as boolean);
              break;
            case 'text':
              appender.appendVarchar(v as string);
              break;
          }
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  getCheckpoint(source: string): Promise<Checkpoint | undefined> {
    return this.serial(
      async () => (await this.jsonRows<Checkpoint>('SELECT json FROM checkpoints WHERE source = ?', [source]))[0],
    );
  }

  listCheckpoints(): Promise<Checkpoint[]> {
    return this.serial(() => this.jsonRows<Checkpoint>('SELECT json FROM checkpoints ORDER BY source', []));
  }

  saveSnapshot(name: string, time: number, state: unknown): Promise<void> {
    return this.serial(async () => {
      await this.conn.run('INSERT OR REPLACE INTO snapshots (name, time, state) VALUES (?, ?, ?)', [
        name,
        time,
        JSON.stringify(state),
      ]);
    });
  }

  loadSnapshot(name: string): Promise<{ time: number; state: unknown } | undefined> {
    return this.serial(async () => {
      const r = (await this.rows('SELECT time, state FROM snapshots WHERE name = ?', [name]))[0];
      return r ? { time: Number(r.time), state: JSON.parse(r.state as string) } : undefined;
    });
  }

  queryEvents(q: EventQuery): Promise<Event[]> {
    const f = eventsFilter(q, 'rowid');
    return this.serial(() =>
      this.jsonRows<Event>(`SELECT json FROM events WHERE ${f.where} ORDER BY ${f.order} LIMIT ? OFFSET ?`, [
        ...f.params,
        f.limit,
        f.offset,
      ]),
    );
  }

  countEvents(q: EventQuery = {}): Promise<number> {
    const f = eventsFilter(q, 'rowid');
    return this.serial(async () =>
      Number((await this.rows(`SELECT COUNT(*) AS n FROM events WHERE ${f.where}`, f.params))[0]!.n),
    );
  }

  queryBreaches(q: BreachQuery): Promise<Breach[]> {
    const f = breachesFilter(q);
    return this.serial(() =>
      this.jsonRows<Breach>(`SELECT json FROM breaches WHERE ${f.where} ORDER BY time DESC, id LIMIT ? OFFSET ?`, [
        ...f.params,
        f.limit,
        f.offset,
      ]),
    );
  }

  getBreach(id: string): Promise<Breach | undefined> {
    return this.serial(async () => (await this.jsonRows<Breach>('SELECT json FROM breaches WHERE id = ?', [id]))[0]);
  }

  listIncidents(q: Parameters<Store['listIncidents']>[0] = {}): Promise<Incident[]> {
    const f = incidentsFilter(q);
    return this.serial(() =>
      this.jsonRows<Incident>(
        `SELECT json FROM incidents WHERE ${f.where} ORDER BY start_time DESC, id LIMIT ? OFFSET ?`,
        [...f.params, f.limit, f.offset],
      ),
    );
  }

  getIncident(id: string): Promise<Incident | undefined> {
    return this.serial(async () => (await this.jsonRows<Incident>('SELECT json FROM incidents WHERE id = ?', [id]))[0]);
  }

  listActions(q: Parameters<Store['listActions']>[0] = {}): Promise<Action[]> {
    const f = actionsFilter(q);
    return this.serial(() =>
      this.jsonRows<Action>(`SELECT json FROM actions WHERE ${f.where} ORDER BY start_time DESC, id LIMIT ? OFFSET ?`, [
        ...f.params,
        f.limit,
        f.offset,
      ]),
    );
  }

  getAction(id: string): Promise<Action | undefined> {
    return this.serial(async () => (await this.jsonRows<Action>('SELECT json FROM actions WHERE id = ?', [id]))[0]);
  }

  updateAction(
    id: string,
    audit: ActionAudit,
    patch?: Partial<Pick<Action, 'expires' | 'mode'>>,
  ): Promise<Action | undefined> {
    return this.serial(() =>
      this.transaction(async () => {
        const current = (await this.jsonRows<Action>('SELECT json FROM actions WHERE id = ?', [id]))[0];
        if (!current) return undefined;
        const next: Action = { ...current, ...patch, status: audit.to, audit: [...current.audit, audit] };
        await this.conn.run('UPDATE actions SET status = ?, json = ? WHERE id = ?', [
          next.status,
          JSON.stringify(next),
          id,
        ]);
        return next;
      }),
    );
  }

  listRejects(limit = 100): Promise<Reject[]> {
    return this.serial(async () =>
      (await this.rows('SELECT input, line, reason, text FROM rejects ORDER BY id LIMIT ?', [limit])).map((r) => ({
        input: r.input as string,
        ...(r.line === null ? {} : { line: Number(r.line) }),
        reason: r.reason as string,
        text: r.text as string,
      })),
    );
  }

  countRejects(): Promise<number> {
    return this.serial(async () => Number((await this.rows('SELECT COUNT(*) AS n FROM rejects'))[0]!.n));
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const c = compileSearch(req, 'duckdb');
    return this.serialSearch(async () => {
      const total = Number((await this.rows(c.count.sql, c.count.params, this.searchConn))[0]!.n);
      const events = (await this.rows(c.page.sql, c.page.params, this.searchConn)).map(
        (r) => JSON.parse(r.json as string) as Event,
      );
      return { total, events };
    });
  }

  async topValues(req: TopValuesRequest): Promise<TopValue[]> {
    const c = compileTopValues(req, 'duckdb');
    return this.serialSearch(async () =>
      (await this.rows(c.sql, c.params, this.searchConn)).map((r) => ({
        value: String(r.value),
        count: Number(r.count),
      })),
    );
  }

  exportSearch(req: SearchRequest, format: ExportFormat): AsyncIterable<string> {
    const c = compileExport(req, 'duckdb');
    return exportChunks(this.exportBatches(c.sql, c.params), format);
  }

  /** Streams on a connection of its own, so that commits on the main one go on meanwhile. */
  private async *exportBatches(sql: string, params: unknown[]): AsyncIterable<Event[]> {
    const conn = await this.instance.connect();
    try {
      const result = await conn.stream(sql, params as DuckDBValue[]);
      for await (const rows of result.yieldRowsJs()) {
        yield rows.map((r) => JSON.parse(r[0] as string) as Event);
      }
    } finally {
      conn.closeSync();
    }
  }

  async close(): Promise<void> {
    await this.serialSearch(async () => this.searchConn.closeSync());
    return this.serial(async () => {
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }
}
