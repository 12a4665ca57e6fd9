import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Event } from '../../events/event.js';
import { registerOtlpIngest } from '../../sources/otel/http-ingest.js';
import { registerPromptIngest } from '../../sources/prompts/http-ingest.js';
import type { Principal } from '../auth/access.js';
import type { ServerContext } from '../context.js';
import { eventBatchSchema, promptBatchSchema, promptToEvent, toEvent } from '../ingest-schema.js';
import * as responses from '../responses.js';
import { addRoute, authorize, HttpError } from '../route.js';

/**
 * Where API events came from, set here and never taken from the caller: one input per principal,
 * so provenance cannot be forged and the per-source metrics stay as few as the tokens and users.
 */
export function apiInput(principal: Principal): string {
  return `api:${principal.name}`;
}

/** Ingest is a role-gated write: analysts (and admins) may push; tokens for collectors get the analyst role. */
export function ingestRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /** Callers the plugins' access check let through, for their events' provenance. */
  const callers = new WeakMap<FastifyRequest, Principal>();
  /** The plugins' access check, answering as addRoute does: 401, 403 for CSRF or a role too low. */
  const mayIngest = (req: FastifyRequest) => {
    const access = authorize(ctx, req, 'analyst');
    if (access instanceof HttpError) return { status: access.status, error: access.code, message: access.message };
    callers.set(req, access);
    return true;
  };
  /** Each accepted batch is one audit entry: who sent how many events through which route. */
  const ingested = async (principal: Principal, route: string, events: readonly Event[]) => {
    await ctx.ingest(events as Event[]);
    await ctx.audit(principal, 'ingest.batch', apiInput(principal), { route, accepted: events.length });
  };
  const fromCaller = (route: string) => async (events: Event[], req: FastifyRequest) => {
    const principal = callers.get(req)!;
    const input = apiInput(principal);
    for (const e of events) e.source = { ...e.source, input };
    await ingested(principal, route, events);
  };

  // Prompt JSON lines as collectors write them (DESIGN §3); valid lines are kept, bad ones answered by line.
  ctx.routes.push({
    method: 'POST',
    url: '/api/ingest/prompts.jsonl',
    summary: 'Ingest prompt JSON lines (DESIGN §3 schema); 202 with accepted count and rejected lines',
    tag: 'ingest',
    role: 'analyst',
    response: responses.promptLinesAccepted,
    status: 202,
    consumes: 'application/x-ndjson',
  });
  registerPromptIngest(app, {
    path: '/api/ingest/prompts.jsonl',
    authenticate: mayIngest,
    onEvents: fromCaller('/api/ingest/prompts.jsonl'),
  });

  // OpenTelemetry GenAI spans straight from an application's exporter
  // (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:7878/api/ingest/otlp/v1/traces, http/json, bearer header).
  ctx.routes.push({
    method: 'POST',
    url: '/api/ingest/otlp/v1/traces',
    summary: 'OTLP/HTTP JSON traces carrying GenAI spans; their prompts join the pipeline',
    tag: 'ingest',
    role: 'analyst',
    response: responses.otlpAccepted,
    consumes: 'application/json',
  });
  registerOtlpIngest(app, {
    path: '/api/ingest/otlp/v1/traces',
    authenticate: mayIngest,
    onEvents: fromCaller('/api/ingest/otlp/v1/traces'),
  });

  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/ingest/events',
    summary: 'Ingest canonical events (JSON); the whole batch is validated before any is kept',
    tag: 'ingest',
    role: 'analyst',
    response: responses.accepted,
    body: eventBatchSchema,
    handler: async ({ body, principal, req }) => {
      const input = apiInput(principal!);
      const events = body.events.map((e, i) => toEvent(e, input, `${req.id}:${i}`));
      await ingested(principal!, '/api/ingest/events', events);
      return { accepted: events.length };
    },
  });

  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/ingest/prompts',
    summary: 'Ingest AI prompts in the prompt JSONL schema (time, actor, prompt required)',
    tag: 'ingest',
    role: 'analyst',
    response: responses.accepted,
    body: promptBatchSchema,
    handler: async ({ body, principal, req }) => {
      const input = apiInput(principal!);
      const events = body.prompts.map((p, i) => promptToEvent(p, input, `${req.id}:${i}`));
      await ingested(principal!, '/api/ingest/prompts', events);
      return { accepted: events.length };
    },
  });
}
