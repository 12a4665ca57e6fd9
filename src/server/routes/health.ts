import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { openApiDocument } from '../openapi.js';
import * as responses from '../responses.js';
import { addRoute } from '../route.js';

export const API_VERSION = '0.1.0';

export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/health',
    summary: 'Liveness and store reachability',
    tag: 'health',
    role: 'public',
    response: responses.health,
    handler: async ({ reply }) => {
      try {
        await ctx.store.countRejects();
        return { status: 'ok' as const, store: ctx.store.kind };
      } catch {
        reply.code(503);
        return { status: 'degraded' as const, store: ctx.store.kind };
      }
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/metrics',
    summary: 'Prometheus metrics: events in, rejects, lag per source, breaches, actions',
    tag: 'health',
    role: 'viewer',
    response: responses.metricsText,
    produces: 'text/plain; version=0.0.4',
    handler: async ({ reply }) => {
      reply.type('text/plain; version=0.0.4');
      return ctx.metrics.render(ctx.store, ctx.now());
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/openapi.json',
    summary: 'This API description (OpenAPI 3.1)',
    tag: 'health',
    role: 'public',
    response: responses.openApi,
    handler: async () => openApiDocument(ctx.routes, API_VERSION),
  });
}
