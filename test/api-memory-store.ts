import type { Incident } from '../src/analyst/incident.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';
import type { Action, ActionAudit } from '../src/response/action.js';
import type { BreachQuery, Checkpoint, CommitBatch, EventQuery, Reject, Store } from '../src/store/store.js';

interface Window {
  query?: string;
  from?: number;
  to?: number;
}

/**
 * A Store stand-in for API tests: arrays in memory, with a toy search (bare words matched against
 * the event JSON) whose malformed-query error has the same name as the real one.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  events: Event[] = [];
  breaches = new Map<string, Breach>();
  incidents = new Map<string, Incident>();
  actions = new Map<string, Action>();
  rejects: Reject[] = [];
  checkpoints = new Map<string, Checkpoint>();
  snapshots = new Map<string, { time: number; state: unknown }>();

  async migrate(): Promise<void> {}
  async commit(b: CommitBatch): Promise<void> {
    this.events.push(...(b.events ?? []));
    for (const x of b.breaches ?? []) this.breaches.set(x.id, x);
    for (const x of b.incidents ?? []) this.incidents.set(x.id, x);
    for (const x of b.actions ?? []) this.actions.set(x.id, structuredClone(x));
    this.rejects.push(...(b.rejects ?? []));
    for (const c of b.checkpoints ?? []) this.checkpoints.set(c.source, c);
  }
  async getCheckpoint(source: string) {
    return this.checkpoints.get(source);
  }
  async listCheckpoints() {
    return [...this.checkpoints.values()];
  }
  async saveSnapshot(name: string, time: number, state: unknown) {
    this.snapshots.set(name, { time, state: structuredClone(state) });
  }
  async loadSnapshot(name: string) {
    const s = this.snapshots.get(name);
    return s && { time: s.time, state: structuredClone(s.state) };
  }
  private filterEvents(q: EventQuery): Event[] {
    const out = this.events.filter(
      (e) =>
        (q.kinds === undefined || q.kinds.includes(e.kind)) &&
        (q.from === undefined || e.time >= q.from) &&
        (q.to === undefined || e.time < q.to) &&
        (q.entity === undefined || e.entity.id === q.entity),
    );
    out.sort((a, b) => (q.order === 'desc' ? b.time - a.time : a.time - b.time));
    return out.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? out.length));
  }
  async queryEvents(q: EventQuery) {
    return this.filterEvents(q);
  }
  async countEvents(q: EventQuery = {}) {
    return this.filterEvents({ ...q, limit: undefined, offset: undefined }).length;
  }
  async queryBreaches(q: BreachQuery) {
    const out = [...this.breaches.values()]
      .filter(
        (b) =>
          (q.from === undefined || b.time >= q.from) &&
          (q.to === undefined || b.time < q.to) &&
          (q.model === undefined || b.model === q.model) &&
          (q.entity === undefined || b.entity.id === q.entity) &&
          (q.minScore === undefined || b.score >= q.minScore),
      )
      .sort((a, b) => b.time - a.time);
    return out.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? out.length));
  }
  async getBreach(id: string) {
    return this.breaches.get(id);
  }
  async listIncidents(q: { status?: Incident['status']; limit?: number; offset?: number } = {}) {
    const out = [...this.incidents.values()].filter((i) => q.status === undefined || i.status === q.status);
    out.sort((a, b) => b.score - a.score);
    return out.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? out.length));
  }
  async getIncident(id: string) {
    return this.incidents.get(id);
  }
  async listActions(q: { status?: Action['status'][]; limit?: number; offset?: number } = {}) {
    const out = [...this.actions.values()].filter((a) => q.status === undefined || q.status.includes(a.status));
    return structuredClone(out.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? out.length)));
  }
  async getAction(id: string) {
    const a = this.actions.get(id);
    return a && structuredClone(a);
  }
  async updateAction(id: string, audit: ActionAudit, patch?: Partial<Pick<Action, 'expires' | 'mode'>>) {
    const a = this.actions.get(id);
    if (a === undefined) return undefined;
    a.audit.push(audit);
    a.status = audit.to;
    Object.assign(a, patch);
    return structuredClone(a);
  }
  async listRejects(limit = 100) {
    return this.rejects.slice(0, limit);
  }
  async countRejects() {
    return this.rejects.length;
  }
  async close() {}

  private match(w: Window): Event[] {
    const q = w.query?.trim() ?? '';
    if (q.includes('(') && !q.includes(')')) {
      const err = new Error(`unclosed parenthesis at position ${q.indexOf('(')}`);
      err.name = 'QueryError';
      throw err;
    }
    const words = q === '' ? [] : q.toLowerCase().split(/\s+/);
    return this.events.filter(
      (e) =>
        (w.from === undefined || e.time >= w.from) &&
        (w.to === undefined || e.time < w.to) &&
        words.every((x) => JSON.stringify(e).toLowerCase().includes(x)),
    );
  }
  async search(req: Window & { limit?: number; offset?: number; sort?: { direction?: 'asc' | 'desc' } }) {
    const all = this.match(req).sort((a, b) => (req.sort?.direction === 'asc' ? a.time - b.time : b.time - a.time));
    const off = req.offset ?? 0;
    return { total: all.length, events: all.slice(off, off + (req.limit ?? 50)) };
  }
  async topValues(req: Window & { field: string; limit: number }) {
    const counts = new Map<string, number>();
    for (const e of this.match(req)) {
      const v = (e as unknown as Record<string, unknown>)[req.field];
      if (v !== undefined) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, req.limit)
      .map(([value, count]) => ({ value, count }));
  }
  exportSearch(req: Window, format: 'csv' | 'json'): AsyncIterable<string> {
    const rows = this.match(req);
    return (async function* () {
      if (format === 'json') {
        yield JSON.stringify(rows);
        return;
      }
      yield 'time,kind,entity\n';
      for (const e of rows) yield `${e.time},${e.kind},${e.entity.id}\n`;
    })();
  }
}
