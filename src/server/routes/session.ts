import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import { addRoute, HttpError, SESSION_COOKIE } from '../route.js';

/** Failed sign-ins allowed per client address per minute. */
const SIGN_IN_PER_MINUTE = 5;

export function sessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const secure = ctx.config.server.tls !== undefined;

  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/session',
    summary: 'Sign in with a user name and password',
    tag: 'session',
    role: 'public',
    rateLimit: { max: SIGN_IN_PER_MINUTE, timeWindow: 60_000 },
    body: z.object({ user: z.string().min(1).max(200), password: z.string().min(1).max(1000) }),
    handler: async ({ body, reply, req }) => {
      const user = await ctx.access.verifyPassword(body.user, body.password);
      if (user === undefined) {
        req.log.warn({ user: body.user }, 'sign-in failed');
        throw new HttpError(401, 'unauthorized', 'wrong user name or password');
      }
      const s = ctx.sessions.open(user.name, user.role);
      reply.setCookie(SESSION_COOKIE, s.id, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
      await ctx.audit({ name: user.name, role: user.role, via: 'session' }, 'session.sign_in', user.name);
      return { user: user.name, role: user.role, csrf: s.csrf };
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/session',
    summary: 'Who is signed in, with the CSRF token for state changes',
    tag: 'session',
    role: 'viewer',
    handler: async ({ principal, req }) => {
      const sid = req.cookies[SESSION_COOKIE];
      const s = principal?.via === 'session' && sid !== undefined ? ctx.sessions.get(sid) : undefined;
      return { user: principal?.name, role: principal?.role, csrf: s?.csrf ?? null };
    },
  });

  addRoute(app, ctx, {
    method: 'DELETE',
    url: '/api/session',
    summary: 'Sign out',
    tag: 'session',
    role: 'viewer',
    handler: async ({ req, reply, principal }) => {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid !== undefined) ctx.sessions.close(sid);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      await ctx.audit(principal, 'session.sign_out', principal?.name ?? '');
      return { ok: true };
    },
  });
}
