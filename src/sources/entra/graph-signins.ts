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
  /** Sign-ins can be written a little late; each query reaches back this far (ids de-duplicate). */
  overlapMs?: number;
  pageSize?: number;
}

interface Cursor {
  v: 1;
  /** Latest createdDateTime delivered (ms). */
  since: number;
  /** Ids delivered within the overlap before `since`. */
  seen: [string, number][];
}

/**
 * Entra ID sign-ins from Microsoft Graph `auditLogs/signIns`, filtered with
 * `createdDateTime ge <since - overlap>` and paged with `@odata.nextLink`. All pages of one poll
 * become one batch (in createdDateTime order) whose checkpoint covers them, so a crash mid-poll
 * repeats the poll from the last committed checkpoint and ids drop what was already delivered.
 */
export class GraphSignInSource implements EventSource {
  readonly id: string;
  private readonly auth: ClientCredentials;
  private readonly state: Cursor;
  private nextPollAt = 0;
  private closed = false;
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
    const overlap = this.opts.overlapMs ?? 5 * 60_000;
    const from = new Date(this.state.since - overlap).toISOString();
    const filter = encodeURIComponent(`createdDateTime ge ${from}`);
    let url: string | undefined =
      `${this.opts.graphUrl.replace(/\/$/, '')}/v1.0/auditLogs/signIns?$filter=${filter}&$top=${this.opts.pageSize ?? 500}`;
    const records: Json[] = [];
    while (url !== undefined) {
      const res = await callJson(this.deps, this.auth, url);
      const page = res.body;
      if (!isObject(page) || !Array.isArray(page.value))
        throw new Error(`malformed signIns page: ${res.text.slice(0, 120)}`);
      for (const r of page.value) if (isObject(r)) records.push(r);
      const link = page['@odata.nextLink'];
      url = typeof link === 'string' ? link : undefined;
    }
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
      if (!Number.isNaN(f.time)) {
        if (f.time > this.state.since) this.state.since = f.time;
        if (f.id !== '') this.state.seen.push([f.id, f.time]);
      }
    }
    this.state.seen = this.state.seen.filter(([, t]) => t >= this.state.since - 2 * overlap);
    return this.batch(events, rejects);
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
