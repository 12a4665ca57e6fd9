import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { incidentsInRange, toNavigatorLayer } from '../../analyst/navigator.js';
import { attachPivotEvents, type PivotFetch, pivotQueries } from '../../analyst/pivots.js';
import type { Event } from '../../events/event.js';
import type { Breach } from '../../models/breach.js';
import type { EventQuery } from '../../store/store.js';
import type { ServerContext } from '../context.js';
import * as responses from '../responses.js';
import { addRoute, HttpError, idParams, queryInt, queryTime } from '../route.js';

/**
 * Breaches of one incident whose explaining events are fetched (earliest first): each costs a few
 * store queries, and an incident may hold hundreds of breaches of the same few kinds.
 */
const MAX_PIVOTED_BREACHES = 25;

/** Incidents one ATT&CK Navigator layer of a time range covers at most (the latest, beyond it). */
const MAX_LAYER_INCIDENTS = 10_000;

const navigatorRange = z
  .object({
    from: queryTime.describe('Start of the range (ISO-8601 or epoch ms), inclusive'),
    to: queryTime.describe('End of the range (ISO-8601 or epoch ms), exclusive'),
  })
  .refine((q) => q.to > q.from, { message: 'to must be after from', path: ['to'] });

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
    response: z.object({ incidents: z.array(responses.incident) }),
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
    response: responses.incidentDetail,
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

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/incidents/:id/navigator',
    summary: 'One incident as an ATT&CK Navigator layer (layer format 4.5): its techniques, scored by the incident',
    tag: 'incidents',
    role: 'viewer',
    response: responses.navigatorLayer,
    params: idParams,
    handler: async ({ params }) => {
      const incident = await ctx.store.getIncident(params.id);
      if (incident === undefined) throw new HttpError(404, 'not_found', `no incident ${params.id}`);
      return toNavigatorLayer([incident]);
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/navigator',
    summary:
      'The incidents overlapping [from, to) as one ATT&CK Navigator layer (layer format 4.5): each technique scored ' +
      'by the highest incident that reached it, merged incidents left out',
    tag: 'incidents',
    role: 'viewer',
    response: responses.navigatorLayer,
    query: navigatorRange,
    handler: async ({ query }) => {
      const stored = await ctx.store.listIncidents({ from: query.from, to: query.to, limit: MAX_LAYER_INCIDENTS });
      return toNavigatorLayer(incidentsInRange(stored, query.from, query.to));
    },
  });
}
