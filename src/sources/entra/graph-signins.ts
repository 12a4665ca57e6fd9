import type { Event } from '../../events/event.js';
import type { Checkpoint, Reject } from '../../store/store.js';
import { isObject, type Json, parseTime } from '../m365/fields.js';
import { ClientCredentials, callJson, type PollerDeps, REAL_DEPS, readSecret } from '../m365/http-client.js';
import type { EventBatch, EventSource } from '../source.js';
import { signInToEvent } from './signin-record.js';

export interface GraphSignInOptions {
  tenantId: string;
  clientId: string;
  clientSecret: { env: string } | { file: string };
  loginUrl: string;
  graphUrl: string;
  pollInterval: number;
  /** Source id used in checkpoints; default `entra:<tenantId>`. */
  id?: string;
  /** How far back the very first poll looks. Default 1 hour. */
  initialLookbackMs?: number;
  /** Sign-ins can be written a little late; each query reaches back this far (ids de-duplicate). Default 5 minutes. */
  overlap?: number;
  pageSize?: number;
  /**
   * Longest span of sign-ins one query (and one batch) covers. Catching up after downtime walks
   * the gap in windows of this length, each committed on its own. Default 1 hour.
   */
  catchUpWindowMs?: number;
  /**
   * Most sign-ins held for one batch: a window that holds more is read again at half the span,
   * so memory stays bounded whatever the tenant's volume. Default 20 pages.
   */
  maxBatchRecords?: number;
}

interface Cursor {
  v: 1;
  /** End of the last window delivered (ms): the next query starts here, less the overlap. */
  since: number;
  /** Ids delivered within the overlap before `since`. */
  seen: [string, number][];
}

/**
 * Entra ID sign-ins from Microsoft Graph `auditLogs/signIns`, queried in time windows
 * (`createdDateTime ge <from - overlap> and createdDateTime lt <to>`) and paged with
 * `@odata.nextLink`. Graph returns the newest first, so a window's pages are gathered, sorted
 * into event-time order and delivered as one batch whose checkpoint covers the window: a crash
 * repeats at most one window, and ids drop what was already delivered. After downtime the gap is
 * walked window by window, each committed before the next is read, and a window too full for
 * one batch is split, so memory is bounded by `maxBatchRecords`, not by the length of the gap.
 */
export class GraphSignInSource implements EventSource {
  readonly id: string;
  private readonly auth: ClientCredentials;
  private readonly state: Cursor;
  private nextPollAt = 0;
  private closed = false;
  /** The span the next query covers: the configured window, halved while windows overflow. */
  private window: number;
  errors = 0;
  lastError: string | undefined;

  constructor(
    private readonly opts: GraphSignInOptions,
    checkpoint?: Checkpoint,
    private readonly deps: PollerDeps = REAL_DEPS,
  ) {
    this.id = opts.id ?? `entra:${opts.tenantId}`;
    this.auth = new ClientCredentials(
      deps,
      `${opts.loginUrl.replace(/\/$/, '')}/${opts.tenantId}/oauth2/v2.0/token`,
      opts.clientId,
      readSecret(opts.clientSecret),
      `${new URL(opts.graphUrl).origin}/.default`,
    );
    this.window = opts.catchUpWindowMs ?? 3_600_000;
    this.state = parseCursor(checkpoint?.cursor) ?? {
      v: 1,
      since: deps.now() - (opts.initialLookbackMs ?? 3_600_000),
      seen: [],
    };
  }

  async next(): Promise<EventBatch | null> {
    if (this.closed) return null;
    const wait = this.nextPollAt - this.deps.now();
    if (wait > 0) {
      await this.deps.sleep(wait);
      return this.batch([], []);
    }
    this.nextPollAt = this.deps.now() + this.opts.pollInterval;
    try {
      return await this.poll();
    } catch (err) {
      this.errors++;
      this.lastError = err instanceof Error ? err.message : String(err);
      return { events: [], rejects: [], skipped: {} };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async poll(): Promise<EventBatch> {
    const overlap = this.opts.overlap ?? 5 * 60_000;
    const maxWindow = this.opts.catchUpWindowMs ?? 3_600_000;
    const maxRecords = this.opts.maxBatchRecords ?? 20 * (this.opts.pageSize ?? 500);
    const now = this.deps.now();
    let records: Json[] | undefined;
    let to = now;
    for (;;) {
      to = Math.min(now, this.state.since + this.window);
      records = await this.query(this.state.since - overlap, to, maxRecords);
      if (records !== undefined || this.window <= 60_000) break;
      this.window = Math.max(60_000, Math.floor(this.window / 2));
    }
    if (records === undefined) throw new Error(`more than ${maxRecords} sign-ins in one minute; raise maxBatchRecords`);
    // A window that fit grows back towards the configured span.
    this.window = Math.min(maxWindow, this.window * 2);
    const seen = new Set(this.state.seen.map(([id]) => id));
    const fresh: { rec: Json; time: number; id: string }[] = [];
    for (const rec of records) {
      const id = String(rec.id ?? '');
      if (id !== '' && seen.has(id)) continue;
      if (id !== '') seen.add(id);
      fresh.push({ rec, time: parseTime(rec.createdDateTime), id });
    }
    fresh.sort((a, b) => a.time - b.time);
    const events: Event[] = [];
    const rejects: Reject[] = [];
    const input = 'entra:signIns';
    for (const f of fresh) {
      const e = signInToEvent(f.rec, { input, cursor: f.id });
      if (typeof e === 'string') rejects.push({ input, reason: e, text: JSON.stringify(f.rec).slice(0, 200) });
      else events.push(e);
      if (!Number.isNaN(f.time) && f.id !== '') this.state.seen.push([f.id, f.time]);
    }
    this.state.since = Math.max(this.state.since, to);
    this.state.seen = this.state.seen.filter(([, t]) => t >= this.state.since - 2 * overlap);
    // Not caught up yet: the next window follows at once.
    if (to < now) this.nextPollAt = now;
    return this.batch(events, rejects);
  }

  /**
   * Every sign-in created in [from, to) (from `from` on when `to` is the present), or undefined
   * when there are more than `max`.
   */
  private async query(from: number, to: number, max: number): Promise<Json[] | undefined> {
    const upTo = to < this.deps.now() ? ` and createdDateTime lt ${new Date(to).toISOString()}` : '';
    const filter = encodeURIComponent(`createdDateTime ge ${new Date(from).toISOString()}${upTo}`);
    let url: string | undefined =
      `${this.opts.graphUrl.replace(/\/$/, '')}/v1.0/auditLogs/signIns?$filter=${filter}&$top=${this.opts.pageSize ?? 500}`;
    const records: Json[] = [];
    while (url !== undefined) {
      const res = await callJson(this.deps, this.auth, url);
      const page = res.body;
      if (!isObject(page) || !Array.isArray(page.value))
        throw new Error(`malformed signIns page from ${url}: ${res.text.slice(0, 120)}`);
      for (const r of page.value) if (isObject(r)) records.push(r);
      if (records.length > max) return undefined;
      const link = page['@odata.nextLink'];
      url = typeof link === 'string' ? link : undefined;
    }
    return records;
  }

  private batch(events: Event[], rejects: Reject[]): EventBatch {
    return {
      events,
      rejects,
      skipped: {},
      checkpoint: { source: this.id, cursor: JSON.stringify(this.state), updated: this.deps.now() },
    };
  }
}

function parseCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const c = JSON.parse(cursor) as Cursor;
    return c.v === 1 && typeof c.since === 'number' && Array.isArray(c.seen) ? c : undefined;
  } catch {
    return undefined;
  }
}
