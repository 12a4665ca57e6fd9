import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from './auth/access.js';
import type { ServerContext } from './context.js';
import { type Role, roleAllows } from './roles.js';

export const SESSION_COOKIE = 'tt_session';
export const CSRF_HEADER = 'x-csrf-token';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteInput<Q, B, P> {
  query: Q;
  body: B;
  params: P;
  principal: Principal | undefined;
  req: FastifyRequest;
  reply: FastifyReply;
}

/** What the OpenAPI description needs to know of a route. */
export type RouteDoc = Omit<RouteSpec, 'handler'> & {
  /** Content type of the request body when it is not JSON described by `body`. */
  consumes?: string;
};

export interface RouteSpec<Q = unknown, B = unknown, P = unknown, R = unknown> {
  method: Method;
  /** Fastify path, e.g. `/api/actions/:id`. */
  url: string;
  summary: string;
  tag: string;
  /** Least role allowed; `public` needs no sign-in. */
  role: Role | 'public';
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  params?: z.ZodType<P>;
  /** Content type of a successful answer when it is not JSON. */
  produces?: string;
  /**
   * What a successful answer holds (src/server/responses.ts), for the OpenAPI description; the
   * handler's answer must be of its type (a streamed answer returns the reply itself).
   */
  response: z.ZodType<R>;
  /** Status of a successful answer, when it is not 200. */
  status?: 200 | 201 | 202;
  handler(input: RouteInput<Q, B, P>): Promise<NoInfer<R> | FastifyReply>;
}

/** A 4xx answer with a message meant for the person who made the request. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** More for the caller to act on, sent beside `error` and `message` (e.g. a query error's position). */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : '';
}

/**
 * Who is calling. A bearer token wins over a cookie. Browser sessions must echo their CSRF token
 * on every state change; bearer tokens are not sent by browsers on their own, so they need none.
 */
function identify(ctx: ServerContext, req: FastifyRequest, method: Method): Principal {
  const token = bearer(req);
  if (token !== undefined) {
    const p = token === '' ? undefined : ctx.access.verifyToken(token);
    if (p === undefined) throw new HttpError(401, 'unauthorized', 'invalid API token');
    return p;
  }
  const sid = req.cookies[SESSION_COOKIE];
  const session = sid === undefined ? undefined : ctx.sessions.get(sid);
  if (session === undefined) throw new HttpError(401, 'unauthorized', 'sign in or send an API token');
  if (method !== 'GET') {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, session.csrf)) {
      throw new HttpError(403, 'csrf', `missing or wrong ${CSRF_HEADER} header`);
    }
  }
  return { name: session.user, role: session.role, via: 'session' };
}

/**
 * For routes mounted by other modules' plugins: the caller, when they may act with `role`, else
 * the refusal addRoute would answer (401 unknown caller, 403 CSRF header missing or role too low).
 */
export function authorize(ctx: ServerContext, req: FastifyRequest, role: Role): Principal | HttpError {
  try {
    const principal = identify(ctx, req, req.method === 'GET' ? 'GET' : 'POST');
    return roleAllows(principal.role, role) ? principal : roleRefusal(role, `${req.method} ${req.url.split('?')[0]}`);
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
}

function roleRefusal(role: Role, what: string): HttpError {
  return new HttpError(403, 'forbidden', `${what} needs the ${role} role`);
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (schema === undefined) return undefined as T;
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new HttpError(400, 'bad_request', `invalid ${where}: ${z.prettifyError(r.error)}`);
  return r.data;
}

export function addRoute<Q, B, P, R>(app: FastifyInstance, ctx: ServerContext, spec: RouteSpec<Q, B, P, R>): void {
  ctx.routes.push(spec as RouteSpec);
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (req, reply) => {
      let principal: Principal | undefined;
      if (spec.role !== 'public') {
        principal = identify(ctx, req, spec.method);
        if (!roleAllows(principal.role, spec.role)) throw roleRefusal(spec.role, spec.summary);
      }
      const params = parse(spec.params, req.params, 'path');
      const query = parse(spec.query, req.query, 'query');
      const body = parse(spec.body, req.body, 'body');
      return spec.handler({ query, body, params, principal, req, reply });
    },
  });
}

/** Query strings carry text: numbers arrive as strings. */
export const queryInt = (min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** A time as ISO-8601 or epoch milliseconds, to epoch ms. */
export const queryTime = z
  .union([z.coerce.number().int(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

export const reasonBody = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(2000) });

export const idParams = z.object({ id: z.string().min(1).max(200) });

/**
 * Every API route must be described in `ctx.routes` with the role it needs: a route mounted without
 * one (a plugin that forgot its RouteDoc) stops the server from starting instead of being served
 * under an access rule nobody wrote down. Call before any route is added.
 */
export function requireRouteDocs(app: FastifyInstance, ctx: ServerContext): void {
  const mounted: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/')) return;
    // HEAD is Fastify's automatic twin of each GET.
    for (const method of [r.method].flat()) if (method !== 'HEAD') mounted.push({ method, url: r.url });
  });
  app.addHook('onReady', async () => {
    const undescribed = mounted.filter((m) => !ctx.routes.some((d) => d.method === m.method && d.url === m.url));
    if (undescribed.length > 0) {
      const list = undescribed.map((m) => `${m.method} ${m.url}`).join(', ');
      throw new Error(`API routes without a RouteDoc (and so without a role): ${list}`);
    }
  });
}
