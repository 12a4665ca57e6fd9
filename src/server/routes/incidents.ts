import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Breach } from '../../models/breach.js';
import type { ServerContext } from '../context.js';
import { addRoute, HttpError, idParams, queryInt, queryTime } from '../route.js';

export function incidentRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/incidents',
    summary: 'Incidents, highest score first',
    tag: 'incidents',
    role: 'viewer',
    query: z.object({
      status: z.enum(['open', 'closed']).optional(),
      from: queryTime.optional(),
      to: queryTime.optional(),
      limit: queryInt(1, 1000).default(100),
      offset: queryInt().default(0),
    }),
    handler: async ({ query }) => ({ incidents: await ctx.store.listIncidents(query) }),
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/incidents/:id',
    summary: 'One incident: narrative, timeline, its breaches and the actions taken on it',
    tag: 'incidents',
    role: 'viewer',
    params: idParams,
    handler: async ({ params }) => {
      const incident = await ctx.store.getIncident(params.id);
      if (incident === undefined) throw new HttpError(404, 'not_found', `no incident ${params.id}`);
      const breaches = (await Promise.all(incident.breaches.map((id) => ctx.store.getBreach(id)))).filter(
        (b): b is Breach => b !== undefined,
      );
      const reasons = new Set([incident.id, ...incident.breaches]);
      const actions = (await ctx.store.listActions({ limit: 10_000 })).filter((a) =>
        a.reason.some((r) => reasons.has(r)),
      );
      return { incident, breaches, actions };
    },
  });
}
