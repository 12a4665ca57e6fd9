import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '../context.js';
import * as responses from '../responses.js';
import { ROLES } from '../roles.js';
import { addRoute, HttpError, idParams, queryInt } from '../route.js';

const role = z.enum(ROLES as ['viewer', 'analyst', 'admin']);

export function adminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/tokens',
    summary: 'API tokens (names and roles; never the tokens)',
    tag: 'admin',
    role: 'admin',
    response: z.object({ tokens: z.array(responses.tokenInfo) }),
    handler: async () => ({ tokens: await ctx.access.listTokens() }),
  });

  addRoute(app, ctx, {
    method: 'POST',
    url: '/api/tokens',
    summary: 'Create an API token; the answer holds the token, shown this once only',
    tag: 'admin',
    role: 'admin',
    response: responses.tokenCreated,
    body: z.object({ name: z.string().trim().min(1).max(100), role }),
    handler: async ({ body, principal }) => {
      const t = await ctx.access.createToken(body.name, body.role);
      await ctx.audit(principal, 'token.create', t.id, { name: body.name, role: body.role });
      return { id: t.id, name: body.name, role: body.role, token: t.token };
    },
  });

  addRoute(app, ctx, {
    method: 'DELETE',
    url: '/api/tokens/:id',
    summary: 'Revoke an API token',
    tag: 'admin',
    role: 'admin',
    response: responses.ok,
    params: idParams,
    handler: async ({ params, principal }) => {
      if (!(await ctx.access.revokeToken(params.id))) throw new HttpError(404, 'not_found', `no token ${params.id}`);
      await ctx.audit(principal, 'token.revoke', params.id);
      return { ok: true };
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/users',
    summary: 'UI users and their roles',
    tag: 'admin',
    role: 'admin',
    response: z.object({ users: z.array(responses.userInfo) }),
    handler: async () => ({ users: await ctx.access.listUsers() }),
  });

  addRoute(app, ctx, {
    method: 'PUT',
    url: '/api/users/:name',
    summary: 'Create a UI user, or set its role and password',
    tag: 'admin',
    role: 'admin',
    response: z.object({ name: z.string(), role: z.enum(['viewer', 'analyst', 'admin']) }),
    params: z.object({ name: z.string().regex(/^[A-Za-z0-9._@-]{1,100}$/, 'letters, digits and . _ @ - only') }),
    body: z.object({ role, password: z.string().min(12, 'at least 12 characters').max(1000) }),
    handler: async ({ params, body, principal }) => {
      await ctx.access.putUser(params.name, body.role, body.password);
      ctx.sessions.closeUser(params.name);
      await ctx.audit(principal, 'user.put', params.name, { role: body.role });
      return { name: params.name, role: body.role };
    },
  });

  addRoute(app, ctx, {
    method: 'DELETE',
    url: '/api/users/:name',
    summary: 'Remove a UI user and end their sessions',
    tag: 'admin',
    role: 'admin',
    response: responses.ok,
    params: z.object({ name: z.string().min(1).max(100) }),
    handler: async ({ params, principal }) => {
      if (!(await ctx.access.deleteUser(params.name))) throw new HttpError(404, 'not_found', `no user ${params.name}`);
      ctx.sessions.closeUser(params.name);
      await ctx.audit(principal, 'user.delete', params.name);
      return { ok: true };
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/audit',
    summary: 'Audit log of changes, newest first, paged; kept in the store without a cap',
    tag: 'admin',
    role: 'admin',
    response: responses.auditPage,
    query: z.object({ limit: queryInt(1, 10_000).default(200), offset: queryInt().default(0) }),
    handler: async ({ query }) => ctx.settings.audit(query.limit, query.offset),
  });
}
