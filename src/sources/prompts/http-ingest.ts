import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AiPromptEvent } from '../../events/event.js';
import { promptRecordToEvent } from './record.js';

/** Why a caller may not send: the status to answer (401 unknown caller, 403 not allowed) and what to tell them. */
export interface IngestRefusal {
  status: number;
  error: string;
  message: string;
}

export interface PromptIngestOptions {
  /** Receives every accepted batch with its request; the request answers after it resolves (back-pressure). */
  onEvents(events: AiPromptEvent[], request: FastifyRequest): void | Promise<void>;
  /** Decides whether the caller may send prompts (API key, session...); `false` answers 401. */
  authenticate(request: FastifyRequest): boolean | IngestRefusal | Promise<boolean | IngestRefusal>;
  /** Default `/api/ingest/prompts`. */
  path?: string;
  /** Default 5 MiB. */
  bodyLimit?: number;
  /** Records per request; default 10,000. */
  maxRecords?: number;
}

export interface PromptIngestReply {
  accepted: number;
  rejected: { line: number; reason: string }[];
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines', 'text/plain'];

/**
 * The authenticated HTTP ingest of prompts: POST the prompt JSONL of DESIGN §3 (one object a
 * line, `application/x-ndjson`), or JSON (one object or an array, `application/json`). Valid
 * records become events; invalid ones are answered with their line and reason, never silently
 * dropped. 202 with `{accepted, rejected}`; 401 without credentials (or the refusal's own status);
 * 413 when too large.
 */
export const promptIngestPlugin: FastifyPluginAsync<PromptIngestOptions> = async (scope, opts) => {
  const maxRecords = opts.maxRecords ?? 10_000;
  scope.addContentTypeParser(
    NDJSON_TYPES,
    { parseAs: 'string', bodyLimit: opts.bodyLimit ?? 5 * 1024 * 1024 },
    (_req, body, done) => {
      done(null, { ndjson: body as string });
    },
  );
  scope.post(
    opts.path ?? '/api/ingest/prompts',
    { bodyLimit: opts.bodyLimit ?? 5 * 1024 * 1024 },
    async (req, reply) => {
      const access = await opts.authenticate(req);
      if (access === false) return reply.code(401).send({ error: 'authentication required' });
      if (access !== true) return reply.code(access.status).send({ error: access.error, message: access.message });
      const records = recordsOf(req.body);
      if (typeof records === 'string') return reply.code(400).send({ error: records });
      if (records.length > maxRecords)
        return reply.code(413).send({ error: `at most ${maxRecords} records per request` });
      const events: AiPromptEvent[] = [];
      const rejected: PromptIngestReply['rejected'] = [];
      for (const { line, rec, error } of records) {
        if (error !== undefined) {
          rejected.push({ line, reason: error });
          continue;
        }
        const ev = promptRecordToEvent(rec, { input: 'http:prompts', line, cursor: req.id });
        if (typeof ev === 'string') rejected.push({ line, reason: ev });
        else events.push(ev);
      }
      if (events.length > 0) await opts.onEvents(events, req);
      const out: PromptIngestReply = { accepted: events.length, rejected };
      return reply.code(202).send(out);
    },
  );
};

/** Mount the prompt ingest on the server's Fastify instance. */
export function registerPromptIngest(app: FastifyInstance, opts: PromptIngestOptions): FastifyInstance {
  return app.register(promptIngestPlugin, opts) as unknown as FastifyInstance;
}

interface BodyRecord {
  /** 1-based line (JSON lines) or position (JSON array). */
  line: number;
  rec?: unknown;
  error?: string;
}

/** The records of a body, or why the body cannot be read. */
function recordsOf(body: unknown): BodyRecord[] | string {
  if (body !== null && typeof body === 'object' && 'ndjson' in body) {
    const out: BodyRecord[] = [];
    const lines = (body as { ndjson: string }).ndjson.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i]!.trim();
      if (t === '') continue;
      try {
        out.push({ line: i + 1, rec: JSON.parse(t) });
      } catch {
        out.push({ line: i + 1, error: 'not valid JSON' });
      }
    }
    return out;
  }
  if (Array.isArray(body)) return body.map((rec, i) => ({ line: i + 1, rec }));
  if (body !== null && typeof body === 'object') return [{ line: 1, rec: body }];
  return 'send JSON lines (application/x-ndjson) or JSON (application/json)';
}
