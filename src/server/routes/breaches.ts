import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyAllowList } from '../../models/allowlist-stored.js';
import { entityTagger } from '../../models/entity-tags.js';
import type { ServerContext } from '../context.js';
import * as responses from '../responses.js';
import { addRoute, HttpError, idParams, queryInt, queryTime } from '../route.js';

export function breachRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/breaches',
    summary: 'Model breaches, newest first, with filters',
    tag: 'breaches',
    role: 'viewer',
    response: z.object({ breaches: z.array(responses.breach) }),
    query: z.object({
      from: queryTime.optional(),
      to: queryTime.optional(),
      model: z.string().max(300).optional(),
      entity: z.string().max(300).optional(),
      minScore: queryInt(0, 100).optional(),
      limit: queryInt(1, 1000).default(100),
      offset: queryInt().default(0),
      /** Allow-lists apply to stored breaches too: those they cover are hidden unless asked for. */
      includeAllowListed: z.enum(['true', 'false']).default('false'),
    }),
    handler: async ({ query }) => {
      const { includeAllowListed, ...q } = query;
      const breaches = await ctx.store.queryBreaches(q);
      if (includeAllowListed === 'true') return { breaches };
      const overrides = { ...ctx.config.models, ...(await ctx.settings.models()) };
      return { breaches: applyAllowList(breaches, overrides, entityTagger(ctx.config.tags)) };
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/breaches/:id',
    summary: 'One breach with its evidence',
    tag: 'breaches',
    role: 'viewer',
    response: responses.breach,
    params: idParams,
    handler: async ({ params }) => {
      const b = await ctx.store.getBreach(params.id);
      if (b === undefined) throw new HttpError(404, 'not_found', `no breach ${params.id}`);
      return b;
    },
  });
}
