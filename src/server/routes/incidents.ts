import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { attachPivotEvents, type PivotFetch, pivotQueries } from '../../analyst/pivots.js';
import type { Event } from '../../events/event.js';
import type { Breach } from '../../models/breach.js';
import type { EventQuery } from '../../store/store.js';
import type { ServerContext } from '../context.js';
import { addRoute, HttpError, idParams, queryInt, queryTime } from '../route.js';

/**
 * Breaches of one incident whose explaining events are fetched (earliest first): each costs a few
 * store queries, and an incident may hold hundreds of breaches of the same few kinds.
 */
const MAX_PIVOTED_BREACHES = 25;

/** The stored events that explain each breach (src/analyst/pivots.ts), one store query per distinct pivot. */
async function fetchPivots(ctx: ServerContext, breaches: readonly Breach[]): Promise<PivotFetch[]> {
  const asked = new Map<string, Promise<Event[]>>();
  const run = (q: EventQuery): Promise<Event[]> => {
    const key = `${q.entity}\u0000${q.kinds?.join(',')}\u0000${q.from}\u0000${q.to}\u0000${q.limit}`;
    let p = asked.get(key);
    if (p === undefined) {
      p = ctx.store.queryEvents(q);
      asked.set(key, p);
    }
    return p;
  };
  const pivoted = [...breaches].sort((a, b) => a.time - b.time).slice(0, MAX_PIVOTED_BREACHES);
  return Promise.all(
    pivoted.flatMap((b) => pivotQueries(b).map(async (q) => ({ breach: b.id, events: await run(q) }))),
  );
}

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
    summary:
      'One incident: narrative, timeline, its breaches, the actions taken on it, and the stored events that explain ' +
      'each breach (`events`, with `explains` mapping a breach id to positions in `events`)',
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
      const { events, explains } = attachPivotEvents(incident, await fetchPivots(ctx, breaches));
      return { incident, breaches, actions, events, explains };
    },
  });
}
