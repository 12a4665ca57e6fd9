import type { Event } from '../../events/event.js';
import type { Checkpoint, Reject } from '../../store/store.js';
import type { EventBatch, EventSource } from '../source.js';
import { isObject, type Json } from './fields.js';
import { ClientCredentials, callJson, HttpError, type PollerDeps, REAL_DEPS, readSecret } from './http-client.js';
import { microsoftRecordToEvent } from './microsoft-record.js';

const HOUR = 3_600_000;
/** The API lists at most 24 hours per request and nothing older than 7 days (documented limits). */
const MAX_WINDOW_MS = 24 * HOUR;
const MAX_AGE_MS = 7 * 24 * HOUR;
const MALFORMED_RETRIES = 3;

export interface ManagementApiOptions {
  tenantId: string;
  clientId: string;
  clientSecret: { env: string } | { file: string };
  contentTypes: string[];
  loginUrl: string;
  apiUrl: string;
  pollInterval: number;
  /** Source id used in checkpoints; default `m365:<tenantId>`. */
  id?: string;
  /** How far back the very first poll looks (capped at 7 days). Default 24 hours. */
  initialLookbackMs?: number;
  /** Listing windows overlap by this much, so late-listed content is not missed (ids de-duplicate). */
  overlap?: number;
  /** A content type the API refuses (e.g. DLP.All without its permission) is tried again after this. Default 30 minutes. */
  refusedRetryMs?: number;
}

/** Whether a content type's subscription works; one that is refused waits without holding up the rest. */
interface TypeStatus {
  started: boolean;
  retryAt: number;
}

interface TypeState {
  /** Start of the next listing window (ms). */
  from: number;
  /** Content ids already delivered with their contentCreated time (only those inside the overlap). */
  seen: [string, number][];
}

interface Cursor {
  v: 1;
  types: Record<string, TypeState>;
}

interface Pending {
  contentType: string;
  contentId: string;
  contentUri: string;
  created: number;
  attempts: number;
}

/**
 * Office 365 Management Activity API poller. Starts a subscription per content type (a type the
 * API refuses is reported as a reject, skipped and retried later while the others go on), lists
 * available content blobs in windows of at most 24 hours within the last 7 days (following
 * `NextPageUri`), fetches each blob and decodes its records. One blob is one batch, and the
 * batch's checkpoint records it as delivered: a restart from any committed checkpoint neither
 * loses nor repeats a record.
 */
export class ManagementActivitySource implements EventSource {
  readonly id: string;
  private readonly auth: ClientCredentials;
  private readonly base: string;
  private readonly state: Cursor;
  private readonly queue: Pending[] = [];
  /** Per content type: where the listed window ended and how many of its blobs are still queued. */
  private readonly windows = new Map<string, { end: number; pending: number }>();
  private readonly status = new Map<string, TypeStatus>();
  /** Content types whose last listing came back malformed, with when to list them again. */
  private readonly listRetryAt = new Map<string, number>();
  /** Refused content types, reported with the next batch. */
  private readonly refusals: Reject[] = [];
  private nextPollAt = 0;
  private closed = false;
  /** Failures talking to the API (each is retried on the next poll). */
  errors = 0;
  lastError: string | undefined;

  constructor(
    private readonly opts: ManagementApiOptions,
    checkpoint?: Checkpoint,
    private readonly deps: PollerDeps = REAL_DEPS,
  ) {
    this.id = opts.id ?? `m365:${opts.tenantId}`;
    this.base = `${opts.apiUrl.replace(/\/$/, '')}/api/v1.0/${opts.tenantId}/activity/feed`;
    this.auth = new ClientCredentials(
      deps,
      `${opts.loginUrl.replace(/\/$/, '')}/${opts.tenantId}/oauth2/v2.0/token`,
      opts.clientId,
      readSecret(opts.clientSecret),
      `${new URL(opts.apiUrl).origin}/.default`,
    );
    this.state = parseCursor(checkpoint?.cursor) ?? { v: 1, types: {} };
    const start = deps.now() - Math.min(opts.initialLookbackMs ?? MAX_WINDOW_MS, MAX_AGE_MS);
    for (const ct of opts.contentTypes) {
      this.state.types[ct] ??= { from: start, seen: [] };
      this.status.set(ct, { started: false, retryAt: 0 });
    }
  }

  async next(): Promise<EventBatch | null> {
    if (this.closed) return null;
    try {
      await this.startDueSubscriptions();
      if (this.queue.length === 0) {
        const wait = this.nextPollAt - this.deps.now();
        if (wait > 0) {
          await this.deps.sleep(wait);
          return this.batch([], []);
        }
        // Catching up walks empty 24-hour windows without returning between them (7 days is 8 windows).
        let caughtUp = false;
        for (let i = 0; i < 10 && this.queue.length === 0 && !caughtUp; i++) caughtUp = await this.list();
        this.nextPollAt = caughtUp ? this.deps.now() + this.opts.pollInterval : this.deps.now();
        if (this.queue.length === 0) return this.batch([], []);
      }
      const p = this.queue.shift()!;
      try {
        return await this.fetchOne(p);
      } catch (err) {
        // Kept for the next attempt: its window only advances once every blob is delivered.
        this.queue.unshift(p);
        throw err;
      }
    } catch (err) {
      this.errors++;
      this.lastError = err instanceof Error ? err.message : String(err);
      await this.deps.sleep(Math.min(this.opts.pollInterval, 60_000));
      return { events: [], rejects: [], skipped: {} };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async startDueSubscriptions(): Promise<void> {
    const now = this.deps.now();
    for (const [ct, st] of this.status) {
      if (st.started || now < st.retryAt) continue;
      try {
        await this.startSubscription(ct);
        st.started = true;
      } catch (err) {
        if (!this.refused(ct, 'subscription start', err)) throw err;
      }
    }
  }

  /**
   * A 4xx answer (other than throttling) from the activity API about one content type is that type's
   * problem, typically a permission the application lacks: report it, and skip the type until its
   * retry time. Anything else (network, server errors, the token endpoint) stays everyone's problem.
   */
  private refused(contentType: string, what: string, err: unknown): boolean {
    if (!(err instanceof HttpError) || err.status < 400 || err.status >= 500 || err.status === 429) return false;
    if (!err.url.startsWith(this.base)) return false;
    const retryAt = this.deps.now() + (this.opts.refusedRetryMs ?? 30 * 60_000);
    this.status.set(contentType, { started: false, retryAt });
    this.errors++;
    this.lastError = err.message;
    this.refusals.push({
      input: `m365:${contentType}`,
      reason: `${contentType} ${what} refused with HTTP ${err.status}; skipped, other content types go on, retried after ${new Date(retryAt).toISOString()}`,
      text: err.body.slice(0, 200),
    });
    return true;
  }

  private async startSubscription(contentType: string): Promise<void> {
    const url = `${this.base}/subscriptions/start?contentType=${encodeURIComponent(contentType)}`;
    const res = await callJson(this.deps, this.auth, url, { method: 'POST', accept: [400] });
    // AF20024: "The subscription is already enabled" is the normal answer after the first run.
    if (res.status === 400 && !/AF20024|already enabled/i.test(res.text)) throw new HttpError(400, url, res.text);
  }

  /** List every content type's next window; returns true when all windows reached the present. */
  private async list(): Promise<boolean> {
    const now = this.deps.now();
    let caughtUp = true;
    for (const ct of this.opts.contentTypes) {
      if (this.status.get(ct)?.started !== true || (this.windows.get(ct)?.pending ?? 0) > 0) continue;
      if ((this.listRetryAt.get(ct) ?? 0) > now) continue;
      try {
        if (!(await this.listType(ct, now))) caughtUp = false;
        this.listRetryAt.delete(ct);
      } catch (err) {
        if (this.refused(ct, 'content listing', err)) continue;
        if (!(err instanceof MalformedListing)) throw err;
        // A broken page of one type is retried after a pause; the other types go on meanwhile.
        this.errors++;
        this.lastError = err.message;
        this.listRetryAt.set(ct, now + Math.min(this.opts.pollInterval, 60_000));
      }
    }
    return caughtUp;
  }

  /** List one content type's next window; returns true when it reached the present. */
  private async listType(ct: string, now: number): Promise<boolean> {
    const st = this.state.types[ct]!;
    const from = Math.max(st.from, now - MAX_AGE_MS + 5 * 60_000);
    const end = Math.min(now, from + MAX_WINDOW_MS);
    const seen = new Set(st.seen.map(([id]) => id));
    let url: string | null =
      `${this.base}/subscriptions/content?contentType=${encodeURIComponent(ct)}&startTime=${apiTime(from)}&endTime=${apiTime(end)}`;
    const found: Pending[] = [];
    while (url !== null) {
      const res = await callJson(this.deps, this.auth, url);
      if (!Array.isArray(res.body)) throw new MalformedListing(ct, url, res.text);
      for (const item of res.body) {
        if (!isObject(item)) continue;
        const contentId = String(item.contentId ?? '');
        const contentUri = String(item.contentUri ?? '');
        if (contentId === '' || contentUri === '' || seen.has(contentId)) continue;
        seen.add(contentId);
        found.push({
          contentType: ct,
          contentId,
          contentUri,
          created: Date.parse(String(item.contentCreated ?? '')) || end,
          attempts: 0,
        });
      }
      url = res.headers.get('NextPageUri');
    }
    found.sort((a, b) => a.created - b.created);
    this.queue.push(...found);
    this.windows.set(ct, { end, pending: found.length });
    if (found.length === 0) this.advance(ct, end);
    return end >= now;
  }

  private async fetchOne(p: Pending): Promise<EventBatch> {
    const res = await callJson(this.deps, this.auth, p.contentUri, { accept: [404, 410] });
    const input = `m365:${p.contentType}`;
    const events: Event[] = [];
    const rejects: Reject[] = [];
    if (res.status === 404 || res.status === 410) {
      rejects.push({
        input,
        reason: `content ${p.contentId} expired or missing (HTTP ${res.status}); skipped`,
        text: p.contentUri,
      });
    } else if (!Array.isArray(res.body)) {
      if (++p.attempts < MALFORMED_RETRIES) {
        this.queue.push(p);
        return { events, rejects, skipped: {} };
      }
      rejects.push({
        input,
        reason: `content blob ${p.contentId} is not a JSON array after ${p.attempts} attempts; skipped (${p.contentUri})`,
        text: res.text.slice(0, 200),
      });
    } else {
      const records = res.body;
      for (let i = 0; i < records.length; i++) {
        const rec = records[i];
        const source = { input, cursor: `${p.contentId}#${i}` };
        const e = isObject(rec) ? microsoftRecordToEvent(rec as Json, source) : 'record is not a JSON object';
        if (typeof e === 'string') rejects.push({ input, reason: e, text: JSON.stringify(rec).slice(0, 200) });
        else events.push(e);
      }
    }
    const st = this.state.types[p.contentType]!;
    st.seen.push([p.contentId, p.created]);
    const w = this.windows.get(p.contentType);
    if (w !== undefined && --w.pending === 0) this.advance(p.contentType, w.end);
    return this.batch(events, rejects);
  }

  /** A window is fully delivered: move on, keeping only the ids the overlap can list again. */
  private advance(contentType: string, end: number): void {
    const st = this.state.types[contentType]!;
    const overlap = this.opts.overlap ?? 15 * 60_000;
    st.from = Math.max(st.from, end - overlap);
    st.seen = st.seen.filter(([, created]) => created >= st.from - overlap);
  }

  private batch(events: Event[], rejects: Reject[]): EventBatch {
    return {
      events,
      rejects: this.refusals.length > 0 ? [...this.refusals.splice(0), ...rejects] : rejects,
      skipped: {},
      checkpoint: { source: this.id, cursor: JSON.stringify(this.state), updated: this.deps.now() },
    };
  }
}

/** A listing page that is not the documented JSON array. */
class MalformedListing extends Error {
  constructor(contentType: string, url: string, text: string) {
    super(`malformed content listing for ${contentType} from ${url}: ${text.slice(0, 120)}`);
  }
}

function parseCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const c = JSON.parse(cursor) as Cursor;
    return c.v === 1 && isObject(c.types) ? c : undefined;
  } catch {
    return undefined;
  }
}

/** The API's documented time format: YYYY-MM-DDTHH:MM:SS, UTC. */
function apiTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}
