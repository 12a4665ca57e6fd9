import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EntityKind, Event } from '../../events/event.js';
import type { Breach } from '../../models/breach.js';
import { loadTimeline } from '../../timeline/load.js';
import type { ServerContext } from '../context.js';
import { entityProfile, type FirstLastSeen, namesEntity, touchingQuery } from '../entity-profile.js';
import * as responses from '../responses.js';
import { addRoute, queryInt, queryTime } from '../route.js';

const KINDS = ['device', 'user', 'agent', 'endpoint', 'app', 'ai-app'] as const satisfies readonly EntityKind[];

/** The newest events of an entity that a profile is drawn from; enough for weeks of rhythm. */
const PROFILE_EVENTS = 20_000;
/** The newest events touching an endpoint, app or AI app (a search page holds at most 10,000). */
const TOUCHING_EVENTS = 10_000;
/** The newest breaches searched for ones naming the entity among their related ones. */
const NAMING_SCAN = 5000;
/** A timeline without a window shows the week up to the entity's newest stored event. */
const TIMELINE_DEFAULT_MS = 7 * 86_400_000;
/** The longest window one timeline answer covers. */
const TIMELINE_MAX_MS = 31 * 86_400_000;

export function entityRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/entities',
    summary: 'Known entities of a kind, most recently seen first (needs the engine in-process)',
    tag: 'entities',
    role: 'viewer',
    response: z.object({ entities: z.array(responses.entitySeen) }),
    query: z.object({ kind: z.enum(KINDS).default('device'), limit: queryInt(1, 5000).default(500) }),
    handler: async ({ query }) => {
      const b = ctx.baselines();
      const list = b === undefined ? [] : [...b.entities.list(query.kind)];
      list.sort((x, y) => y.lastSeen - x.lastSeen);
      return { entities: list.slice(0, query.limit) };
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/entities/:kind/:id',
    summary: 'Pattern of life of one entity: destinations and rarity, rhythm, logins, prompts, breaches',
    tag: 'entities',
    role: 'viewer',
    response: responses.entityProfile,
    params: z.object({ kind: z.enum(KINDS), id: z.string().min(1).max(512) }),
    query: z.object({ from: queryTime.optional(), to: queryTime.optional() }),
    handler: async ({ params, query }) => {
      const window = { from: query.from, to: query.to };
      const touching = touchingQuery(params);
      const [drawn, owned, recent] = await Promise.all([
        touching === undefined ? ownEvents(params) : touchingEvents(touching),
        ctx.store.queryBreaches({ entity: params.id, ...window, limit: 1000 }),
        ctx.store.queryBreaches({ ...window, limit: NAMING_SCAN }),
      ]);
      const breaches = new Map<string, Breach>(
        owned.filter((b) => b.entity.kind === params.kind).map((b) => [b.id, b]),
      );
      for (const b of recent) if (namesEntity(b, params)) breaches.set(b.id, b);
      return entityProfile(params, drawn.events, [...breaches.values()], ctx.baselines(), drawn.stored);

      async function ownEvents(entity: { kind: string; id: string }) {
        const events = await ctx.store.queryEvents({
          entity: entity.id,
          ...window,
          limit: PROFILE_EVENTS,
          order: 'desc',
        });
        return { events: events.filter((e) => e.entity.kind === entity.kind), stored: undefined };
      }

      /** Newest first; the first time is looked up apart when there are more than a page holds. */
      async function touchingEvents(q: string): Promise<{ events: Event[]; stored?: FirstLastSeen }> {
        const page = await ctx.store.search({
          query: q,
          ...window,
          limit: TOUCHING_EVENTS,
          sort: { field: 'time', direction: 'desc' },
        });
        if (page.events.length === 0) return { events: [] };
        const oldest =
          page.total > page.events.length
            ? (await ctx.store.search({ query: q, ...window, limit: 1, sort: { field: 'time', direction: 'asc' } }))
                .events[0]!
            : page.events.at(-1)!;
        return {
          events: page.events,
          stored: { firstSeen: oldest.time, lastSeen: page.events[0]!.time, events: page.total },
        };
      }
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/entities/:kind/:id/timeline',
    summary:
      'The ordered interactions of a user or agent: prompts (tools, resources, detector findings), prompts its ' +
      'agents made for it, sign-ins and other SaaS operations, network events, messages and breaches; by default ' +
      'the 7 days up to its newest stored event, at most 31 days',
    tag: 'entities',
    role: 'viewer',
    response: responses.timeline,
    params: z.object({ kind: z.enum(['user', 'agent']), id: z.string().min(1).max(512) }),
    query: z
      .object({ from: queryTime.optional(), to: queryTime.optional() })
      .refine((q) => q.from === undefined || q.to === undefined || q.to > q.from, {
        message: 'to must be after from',
        path: ['to'],
      })
      .refine((q) => q.from === undefined || q.to === undefined || q.to - q.from <= TIMELINE_MAX_MS, {
        message: 'the window may span at most 31 days',
        path: ['from'],
      }),
    handler: async ({ params, query }) => {
      const actor = params.id.toLowerCase();
      const newest = async () => {
        const [e] = await ctx.store.queryEvents({ entity: actor, limit: 1, order: 'desc' });
        return e === undefined ? ctx.now() : e.time + 1;
      };
      const to = query.to ?? (query.from === undefined ? await newest() : query.from + TIMELINE_DEFAULT_MS);
      const from = query.from ?? to - TIMELINE_DEFAULT_MS;
      return loadTimeline(ctx.store, { actor, from, to: Math.min(to, from + TIMELINE_MAX_MS) });
    },
  });
}
