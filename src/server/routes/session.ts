import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import * as responses from '../responses.js';
import { addRoute, HttpError, SESSION_COOKIE } from '../route.js';

export function sessionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const secure = ctx.config.server.tls !== undefined;

  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/session',
    summary:
      'Sign in with a user name and password; after 5 failures for one user from one address (or 20 from one ' +
      'address) within a minute, 429 rate_limited with Retry-After',
    tag: 'session',
    role: 'public',
    response: responses.session,
    body: z.object({ user: z.string().min(1).max(200), password: z.string().min(1).max(1000) }),
    handler: async ({ body, reply, req }) => {
      const wait = ctx.signIns.retryAfter(req.ip, body.user);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        reply.header('retry-after', String(seconds));
        throw new HttpError(429, 'rate_limited', `too many failed sign-ins; try again in ${seconds} s`);
      }
      const user = await ctx.access.verifyPassword(body.user, body.password);
      if (user === undefined) {
        ctx.signIns.failed(req.ip, body.user);
        req.log.warn({ user: body.user, address: req.ip }, 'sign-in failed');
        throw new HttpError(401, 'unauthorized', 'wrong user name or password');
      }
      ctx.signIns.succeeded(req.ip, body.user);
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
    response: responses.session,
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
    response: responses.ok,
    handler: async ({ req, reply, principal }) => {
      const sid = req.cookies[SESSION_COOKIE];
      if (sid !== undefined) ctx.sessions.close(sid);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      await ctx.audit(principal, 'session.sign_out', principal?.name ?? '');
      return { ok: true };
    },
  });
}
