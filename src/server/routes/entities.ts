import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EntityKind } from '../../events/event.js';
import type { ServerContext } from '../context.js';
import { entityProfile } from '../entity-profile.js';
import { addRoute, queryInt, queryTime } from '../route.js';

const KINDS = ['device', 'user', 'agent', 'endpoint', 'app', 'ai-app'] as const satisfies readonly EntityKind[];

/** The newest events of an entity that a profile is drawn from; enough for weeks of rhythm. */
const PROFILE_EVENTS = 20_000;

export function entityRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/entities',
    summary: 'Known entities of a kind, most recently seen first (needs the engine in-process)',
    tag: 'entities',
    role: 'viewer',
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
    params: z.object({ kind: z.enum(KINDS), id: z.string().min(1).max(512) }),
    query: z.object({ from: queryTime.optional(), to: queryTime.optional() }),
    handler: async ({ params, query }) => {
      const [events, breaches] = await Promise.all([
        ctx.store.queryEvents({
          entity: params.id,
          from: query.from,
          to: query.to,
          limit: PROFILE_EVENTS,
          order: 'desc',
        }),
        ctx.store.queryBreaches({ entity: params.id, from: query.from, to: query.to, limit: 1000 }),
      ]);
      const own = events.filter((e) => e.entity.kind === params.kind);
      return entityProfile(params, own, breaches, ctx.baselines());
    },
  });
}
