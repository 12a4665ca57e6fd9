import type { Incident } from '../analyst/incident.js';
import type { Event, EventKind } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { Action, ActionAudit } from '../response/action.js';
import type { ExportFormat, SearchRequest, SearchResult, TopValue, TopValuesRequest } from '../search/request.js';

/** Where a source stopped: a file's identity and byte offset, or an API cursor. */
export interface Checkpoint {
  /** Stable source id, e.g. the absolute path of a live log or "m365:Audit.Exchange". */
  source: string;
  /** File identity (device:inode) so that a rotated file is recognised. */
  fileId?: string;
  /** Bytes consumed from the start of the file (always at a line boundary). */
  offset?: number;
  /** Lines consumed, so line numbers stay right after a restart. */
  line?: number;
  /** Opaque API cursor (content uri, nextLink, last record time). */
  cursor?: string;
  updated: number;
}

/** A malformed record, kept aside with where it came from. */
export interface Reject {
  input: string;
  line?: number;
  reason: string;
  /** The start of the offending text (truncated). */
  text: string;
}

/**
 * Everything one step of the pipeline wants kept, written atomically: a restart after a crash sees
 * either all of it (events and the checkpoint that covers them) or none, so no event is lost or
 * stored twice.
 */
export interface CommitBatch {
  events?: readonly Event[];
  breaches?: readonly Breach[];
  incidents?: readonly Incident[];
  /** Upserted; an action already stored keeps the audit entries this copy lacks (see `withStoredAudit`). */
  actions?: readonly Action[];
  rejects?: readonly Reject[];
  checkpoints?: readonly Checkpoint[];
}

export interface EventQuery {
  kinds?: EventKind[];
  /** Inclusive start, exclusive end (event time, ms). */
  from?: number;
  to?: number;
  /** Entity id the events belong to. */
  entity?: string;
  limit?: number;
  offset?: number;
  order?: 'asc' | 'desc';
}

export interface BreachQuery {
  from?: number;
  to?: number;
  model?: string;
  entity?: string;
  minScore?: number;
  limit?: number;
  offset?: number;
}

/**
 * The one storage interface; every implementation passes the same suite (store.suite.ts).
 * Methods are async so that remote stores (PostgreSQL) fit; the embedded store may answer at once.
 */
export interface Store {
  readonly kind: string;
  /** Apply pending schema migrations; idempotent. */
  migrate(): Promise<void>;
  commit(batch: CommitBatch): Promise<void>;

  getCheckpoint(source: string): Promise<Checkpoint | undefined>;
  listCheckpoints(): Promise<Checkpoint[]>;

  saveSnapshot(name: string, time: number, state: unknown): Promise<void>;
  loadSnapshot(name: string): Promise<{ time: number; state: unknown } | undefined>;

  queryEvents(q: EventQuery): Promise<Event[]>;
  countEvents(q?: EventQuery): Promise<number>;
  queryBreaches(q: BreachQuery): Promise<Breach[]>;
  getBreach(id: string): Promise<Breach | undefined>;
  listIncidents(q?: {
    from?: number;
    to?: number;
    limit?: number;
    offset?: number;
    status?: Incident['status'];
  }): Promise<Incident[]>;
  getIncident(id: string): Promise<Incident | undefined>;
  listActions(q?: { status?: Action['status'][]; limit?: number; offset?: number }): Promise<Action[]>;
  getAction(id: string): Promise<Action | undefined>;
  /** Append an audit entry and set the status of an action, atomically. */
  updateAction(
    id: string,
    audit: ActionAudit,
    patch?: Partial<Pick<Action, 'expires' | 'mode'>>,
  ): Promise<Action | undefined>;
  listRejects(limit?: number): Promise<Reject[]>;
  countRejects(): Promise<number>;

  /** Advanced search (src/search/parser.ts); throws QueryError / SearchRequestError on bad input. */
  search(req: SearchRequest): Promise<SearchResult>;
  topValues(req: TopValuesRequest): Promise<TopValue[]>;
  /** Every matching event as CSV or a JSON array, in chunks of text. */
  exportSearch(req: SearchRequest, format: ExportFormat): AsyncIterable<string>;

  close(): Promise<void>;
}

/**
 * An action committed again by its owner (the response policy) over the stored copy: its status and
 * fields win, but audit entries that only the store holds (executor results, appended with
 * `updateAction`) are kept, in the order they were written, before the entries new in this copy.
 */
export function withStoredAudit(stored: Action | undefined, next: Action): Action {
  if (stored === undefined || stored.audit.length === 0) return next;
  const known = new Set(stored.audit.map(auditKey));
  const added = next.audit.filter((e) => !known.has(auditKey(e)));
  return { ...next, audit: [...stored.audit, ...added] };
}

function auditKey(e: ActionAudit): string {
  return `${e.time}\u0000${e.actor}\u0000${e.from ?? ''}\u0000${e.to}\u0000${e.reason}`;
}
