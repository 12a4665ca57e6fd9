/**
 * A local stand-in for the Microsoft identity platform token endpoint, the Office 365 Management
 * Activity API and Microsoft Graph `auditLogs/signIns`, behaving as their documentation says:
 * client-credentials tokens that expire, subscription start (AF20024 when already enabled),
 * content listing limited to 24-hour windows within 7 days with `NextPageUri` paging, content
 * blobs, `@odata.nextLink` paging, and 429 throttling with Retry-After (seconds or an HTTP date).
 * Test hooks make tokens expire, throttle the next call, serve a malformed body once or always,
 * truncate listing pages, expire listed content (404/410), or refuse a content type the
 * application lacks permission for. Loopback only.
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';

export interface Blob {
  contentType: string;
  contentId: string;
  created: number;
  records: Record<string, unknown>[];
}

export class FakeMicrosoftApi {
  readonly app = Fastify();
  base = '';
  readonly blobs: Blob[] = [];
  readonly signIns: Record<string, unknown>[] = [];
  readonly calls: string[] = [];
  tokensIssued = 0;
  /** Calls to answer with 429 before serving normally. */
  throttle = 0;
  retryAfterSeconds = 2;
  /** Content ids (or "signins") to serve malformed once. */
  readonly malformedOnce = new Set<string>();
  /** Content ids whose blob is never valid JSON. */
  readonly malformedAlways = new Set<string>();
  /** Content types whose next N listing pages are truncated JSON. */
  readonly malformedListings = new Map<string, number>();
  /** Content ids listed but expired by the time they are fetched, with the status the API answers. */
  readonly expired = new Map<string, 404 | 410>();
  /** Give Retry-After as an HTTP date instead of seconds. */
  retryAfterAsDate = false;
  /** The time range of every sign-in query (first pages only), to see how a catch-up is split. */
  readonly signInQueries: { from: number; to: number }[] = [];
  pageSize = 2;
  /** Content types the application has no permission for (DLP.All without ActivityFeed.ReadDlp). */
  readonly deniedContentTypes = new Set<string>();
  private readonly tokens = new Map<string, number>();
  private readonly subscribed = new Set<string>();

  constructor(
    private readonly now: () => number,
    readonly clientSecret = 'test-secret',
  ) {
    this.app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    this.app.post('/:tenant/oauth2/v2.0/token', async (req, reply) => {
      const b = req.body as Record<string, string>;
      if (b.grant_type !== 'client_credentials' || b.client_secret !== this.clientSecret) {
        return reply.code(401).send({ error: 'invalid_client' });
      }
      const token = `tok-${++this.tokensIssued}`;
      this.tokens.set(token, this.now() + 3600_000);
      return { token_type: 'Bearer', expires_in: 3599, access_token: token };
    });
    this.app.post('/api/v1.0/:tenant/activity/feed/subscriptions/start', async (req, reply) => {
      if (!this.gate(req, reply)) return reply;
      const ct = (req.query as Record<string, string>).contentType ?? '';
      if (this.deniedContentTypes.has(ct)) return this.deny(reply);
      if (this.subscribed.has(ct)) {
        return reply
          .code(400)
          .send({ error: { code: 'AF20024', message: 'The subscription is already enabled. No property change.' } });
      }
      this.subscribed.add(ct);
      return { contentType: ct, status: 'enabled', webhook: null };
    });
    this.app.get('/api/v1.0/:tenant/activity/feed/subscriptions/content', async (req, reply) => {
      if (!this.gate(req, reply)) return reply;
      const q = req.query as Record<string, string>;
      if (this.deniedContentTypes.has(q.contentType ?? '')) return this.deny(reply);
      const start = Date.parse(`${q.startTime}Z`);
      const end = Date.parse(`${q.endTime}Z`);
      if (
        Number.isNaN(start) ||
        Number.isNaN(end) ||
        end <= start ||
        end - start > 24 * 3600_000 ||
        start < this.now() - 7 * 24 * 3600_000
      ) {
        return reply.code(400).send({
          error: {
            code: 'AF20055',
            message:
              'Start time and end time must both be specified (or both omitted) and must be less than or equal to 24 hours apart, with the start time no more than 7 days in the past.',
          },
        });
      }
      const bad = this.malformedListings.get(q.contentType ?? '') ?? 0;
      if (bad > 0) {
        this.malformedListings.set(q.contentType ?? '', bad - 1);
        return reply.type('application/json').send('[{"contentType": "Audit.');
      }
      const offset = Number(q.nextPage ?? 0);
      const all = this.blobs.filter(
        (b) => b.contentType === q.contentType && b.created >= start && b.created < end && b.created <= this.now(),
      );
      const page = all.slice(offset, offset + this.pageSize);
      if (offset + this.pageSize < all.length) {
        const next = new URL(`${this.base}${req.url}`);
        next.searchParams.set('nextPage', String(offset + this.pageSize));
        reply.header('NextPageUri', next.toString());
      }
      return page.map((b) => ({
        contentType: b.contentType,
        contentId: b.contentId,
        contentUri: `${this.base}/api/v1.0/t/activity/feed/audit/${b.contentId}`,
        contentCreated: new Date(b.created).toISOString(),
        contentExpiration: new Date(b.created + 7 * 24 * 3600_000).toISOString(),
      }));
    });
    this.app.get('/api/v1.0/:tenant/activity/feed/audit/:id', async (req, reply) => {
      if (!this.gate(req, reply)) return reply;
      const id = (req.params as Record<string, string>).id ?? '';
      if (this.malformedOnce.delete(id) || this.malformedAlways.has(id))
        return reply.type('application/json').send('[{"CreationTime": "2026-');
      const gone = this.expired.get(id);
      if (gone !== undefined)
        return reply
          .code(gone)
          .send({ error: { code: 'AF20051', message: 'Content requested with the key does not exist.' } });
      const blob = this.blobs.find((b) => b.contentId === id);
      return blob
        ? blob.records
        : reply.code(404).send({ error: { code: 'AF20051', message: 'Content does not exist.' } });
    });
    this.app.get('/v1.0/auditLogs/signIns', async (req, reply) => {
      if (!this.gate(req, reply)) return reply;
      const q = req.query as Record<string, string>;
      if (this.malformedOnce.delete('signins')) return reply.type('application/json').send('{"value": [ {"id": ');
      const m = /createdDateTime ge (\S+)/.exec(q.$filter ?? '');
      const since = m ? Date.parse(m[1]!) : 0;
      const u = /createdDateTime lt (\S+)/.exec(q.$filter ?? '');
      const until = u ? Date.parse(u[1]!) : Number.POSITIVE_INFINITY;
      if (q.$skiptoken === undefined) this.signInQueries.push({ from: since, to: until });
      const top = Number(q.$top ?? 100);
      const skip = Number(q.$skiptoken ?? 0);
      const size = Math.min(top, this.pageSize);
      const all = this.signIns
        .filter((s) => {
          const t = Date.parse(String(s.createdDateTime));
          return t >= since && t < until && t <= this.now();
        })
        .sort((a, b) => Date.parse(String(b.createdDateTime)) - Date.parse(String(a.createdDateTime)));
      const body: Record<string, unknown> = {
        '@odata.context': `${this.base}/v1.0/$metadata#auditLogs/signIns`,
        value: all.slice(skip, skip + size),
      };
      if (skip + size < all.length) {
        const next = new URL(`${this.base}${req.url}`);
        next.searchParams.set('$skiptoken', String(skip + size));
        body['@odata.nextLink'] = next.toString();
      }
      return body;
    });
  }

  async start(): Promise<void> {
    await this.app.listen({ host: '127.0.0.1', port: 0 });
    const addr = this.app.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('no address');
    this.base = `http://127.0.0.1:${addr.port}`;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }

  /** Every issued token stops working, as when it expires mid-run. */
  expireTokens(): void {
    this.tokens.clear();
  }

  private deny(reply: FastifyReply): FastifyReply {
    return reply.code(401).send({
      error: {
        code: 'AF10001',
        message:
          'The permission set (ActivityFeed.Read) sent in the request does not include the expected permission ActivityFeed.ReadDlp.',
      },
    });
  }

  private gate(req: FastifyRequest, reply: FastifyReply): boolean {
    this.calls.push(`${req.method} ${req.url.split('?')[0]}`);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const exp = this.tokens.get(token);
    if (exp === undefined || exp < this.now()) {
      reply.code(401).send({
        error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' },
      });
      return false;
    }
    if (this.throttle > 0) {
      this.throttle--;
      reply
        .code(429)
        .header(
          'Retry-After',
          this.retryAfterAsDate
            ? new Date(this.now() + this.retryAfterSeconds * 1000).toUTCString()
            : String(this.retryAfterSeconds),
        )
        .send({ error: { code: 'AF429', message: 'Too many requests.' } });
      return false;
    }
    return true;
  }
}
