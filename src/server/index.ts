import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { BaselineView } from '../baseline/view.js';
import type { Config } from '../config/schema.js';
import type { ModelOverrides } from '../engine/detector.js';
import type { Event } from '../events/event.js';
import type { Action, ActionDecision } from '../response/action.js';
import type { Store } from '../store/store.js';
import { AccessControl, type FirstStartCredentials } from './auth/access.js';
import { SessionTable } from './auth/sessions.js';
import { FailedSignIns } from './auth/sign-in-limit.js';
import { checkBind } from './bind.js';
import type { ServerContext } from './context.js';
import { ServerMetrics } from './metrics.js';
import { HttpError, type RouteDoc, requireRouteDocs } from './route.js';
import { actionRoutes } from './routes/actions.js';
import { adminRoutes } from './routes/admin.js';
import { breachRoutes } from './routes/breaches.js';
import { entityRoutes } from './routes/entities.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import { ingestRoutes } from './routes/ingest.js';
import { modelRoutes } from './routes/models.js';
import { searchRoutes } from './routes/search.js';
import { sessionRoutes } from './routes/session.js';
import { ServerSettings } from './settings.js';
import { defaultWebRoot, serveWeb } from './web.js';

export type { FirstStartCredentials } from './auth/access.js';
export { checkBind } from './bind.js';
export { ServerMetrics } from './metrics.js';
export { loadModelOverrides } from './settings.js';

export interface ServerOptions {
  store: Store;
  config: Config;
  /** The engine's live pattern of life (a BaselineView, or a function returning the current one). */
  baselines?: BaselineView | (() => BaselineView | undefined);
  /**
   * Runs ingested events through the pipeline, which counts them in `metrics`. Without it, events
   * are stored as they are and the server counts them.
   */
  onIngest?: (events: Event[]) => Promise<void> | void;
  /** Called after models are tuned from the API, with every override, for the engine to reload. */
  onModelsChanged?: (overrides: Record<string, ModelOverrides>) => void;
  /**
   * An analyst's decision on an action, for the response policy that owns action state to make,
   * store and carry out (`telltale run`); returns the decided action, or undefined when the policy
   * holds no such live action. Without it, decisions are recorded in the store only.
   */
  onActionDecision?: (decision: ActionDecision) => Promise<Action | undefined>;
  /** Counters the pipeline bumps; the server renders them at /api/metrics. */
  metrics?: ServerMetrics;
  /**
   * Shown once, on the very first start, with the admin token and the admin password. Defaults to
   * standard output (never the log, which may be shipped elsewhere).
   */
  announce?: (credentials: FirstStartCredentials) => void;
  /** Directory of the built UI; defaults to web/dist when it exists. `false` serves no UI. */
  webRoot?: string | false;
  /** Wall clock (the server is an edge, so it may read one); injectable for tests. */
  now?: () => number;
  /** Fastify logger option; `false` in tests. */
  logger?: FastifyServerOptions['logger'];
  sessionTtlMs?: number;
  /** How often tokens and users are reloaded from the store (default CREDENTIALS_REFRESH_MS). */
  credentialsRefreshMs?: number;
}

const DEFAULT_SESSION_TTL = 8 * 3600_000;

/**
 * Sent with every answer: the UI loads only its own bundled files, cannot be framed, and answers
 * are never sniffed into another type or cached by shared caches.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Request and response fields that may carry secrets are never logged. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export function defaultAnnounce(c: FirstStartCredentials): void {
  process.stdout.write(
    '\ntelltale first start: these credentials are shown once and never again; keep them safe.\n' +
      `  UI sign-in:  user "${c.user}", password ${c.password}\n` +
      `  API token:   ${c.token}   (send as "Authorization: Bearer <token>")\n\n`,
  );
}

/**
 * New admin password and token for an operator who lost the first-start ones (a CLI command's work):
 * the old admin password and every admin-role token stop working, a running server signs the admin's
 * sessions out within CREDENTIALS_REFRESH_MS, and the reset is in the audit log.
 */
export async function resetAdminAccess(store: Store, now: () => number = Date.now): Promise<FirstStartCredentials> {
  const settings = new ServerSettings(store, now);
  const access = new AccessControl(settings, now);
  await access.start();
  const { credentials, revokedTokens } = await access.resetAdmin();
  await settings.appendAudit({
    time: now(),
    actor: 'cli:reset-admin',
    action: 'admin.reset',
    target: 'admin',
    detail: { revokedTokens },
  });
  return credentials;
}

/** How often a running server reloads tokens and users that another process may have changed. */
export const CREDENTIALS_REFRESH_MS = 5000;

const routeDocs = new WeakMap<FastifyInstance, readonly RouteDoc[]>();

/** The routes a server describes (its OpenAPI document is built from them), with their answer schemas. */
export function describedRoutes(app: FastifyInstance): readonly RouteDoc[] {
  return routeDocs.get(app) ?? [];
}

/** Builds the HTTP API and UI server (not yet listening). */
export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now;
  const tls = opts.config.server.tls;
  const app = Fastify({
    logger: opts.logger === undefined ? { redact: REDACT } : opts.logger,
    // Each change is logged as an audit entry and each failure as an error; per-request lines would bury them.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 32 * 1024 * 1024,
    ...(tls ? { https: { cert: readFileSync(tls.cert), key: readFileSync(tls.key) } } : {}),
  });
  const settings = new ServerSettings(opts.store, now);
  const access = new AccessControl(settings, now);
  const first = await access.start();
  if (first !== undefined) (opts.announce ?? defaultAnnounce)(first);

  const baselines = opts.baselines;
  const metrics = opts.metrics ?? new ServerMetrics();
  const ctx: ServerContext = {
    store: opts.store,
    config: opts.config,
    settings,
    access,
    sessions: new SessionTable(opts.sessionTtlMs ?? DEFAULT_SESSION_TTL, now),
    signIns: new FailedSignIns(now),
    metrics,
    baselines: typeof baselines === 'function' ? baselines : () => baselines,
    // Whoever keeps the events counts them once: the pipeline behind onIngest counts every input it takes.
    ingest: async (events) => {
      if (opts.onIngest) return opts.onIngest(events);
      await opts.store.commit({ events });
      let newest = Number.NEGATIVE_INFINITY;
      for (const e of events) if (e.time > newest) newest = e.time;
      metrics.countEvents(events[0]?.source.input ?? 'api', events.length, newest);
    },
    onModelsChanged: opts.onModelsChanged ?? (() => {}),
    ...(opts.onActionDecision ? { decideAction: opts.onActionDecision } : {}),
    now,
    audit: async (who, action, target, detail) => {
      const entry = { time: now(), actor: who?.name ?? 'anonymous', action, target, ...(detail ? { detail } : {}) };
      app.log.info({ audit: entry }, 'audit');
      await settings.appendAudit(entry);
    },
    routes: [],
  };

  // `telltale reset-admin` changes credentials from another process: follow it.
  const refresh = setInterval(() => {
    access.refresh().then(
      (users) => ctx.sessions.keepOnly(users),
      (err: unknown) => app.log.error({ err }, 'could not reload credentials'),
    );
  }, opts.credentialsRefreshMs ?? CREDENTIALS_REFRESH_MS);
  refresh.unref();
  app.addHook('onClose', async () => clearInterval(refresh));

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (tls) reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
  await app.register(fastifyCookie);
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.status).send({ error: err.code, message: err.message, ...err.detail });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(status).send({ error: 'internal', message: 'internal error; see the server log' });
    }
    // Fastify's own 4xx (malformed JSON, wrong content type, body too large).
    return reply.code(status).send({ error: err.code ?? 'bad_request', message: err.message });
  });

  requireRouteDocs(app, ctx);
  routeDocs.set(app, ctx.routes);
  sessionRoutes(app, ctx);
  healthRoutes(app, ctx);
  breachRoutes(app, ctx);
  incidentRoutes(app, ctx);
  actionRoutes(app, ctx);
  entityRoutes(app, ctx);
  modelRoutes(app, ctx);
  searchRoutes(app, ctx);
  ingestRoutes(app, ctx);
  adminRoutes(app, ctx);

  const webRoot = opts.webRoot === undefined ? defaultWebRoot() : opts.webRoot;
  if (webRoot) await serveWeb(app, webRoot);
  return app;
}

/** Builds the server and listens on config.server.host:port (loopback unless TLS or the explicit override). */
export async function startServer(opts: ServerOptions): Promise<{ app: FastifyInstance; url: string }> {
  checkBind(opts.config.server);
  const app = await createServer(opts);
  const url = await app.listen({ host: opts.config.server.host, port: opts.config.server.port });
  return { app, url };
}
