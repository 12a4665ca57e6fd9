import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyAllowList } from '../../models/allowlist-stored.js';
import type { Breach } from '../../models/breach.js';
import { entityTagger } from '../../models/entity-tags.js';
import type { ServerContext } from '../context.js';
import * as responses from '../responses.js';
import { addRoute, HttpError, idParams, queryInt, queryTime } from '../route.js';

/** Breaches read from the store at a time while allow-listed ones are filtered out. */
const ALLOW_LIST_CHUNK = 1000;

export function breachRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/breaches',
    summary:
      'Model breaches, newest first, with filters; paged by limit and offset (`more` says whether another page ' +
      'follows), breaches covered by an allow-list left out before paging',
    tag: 'breaches',
    role: 'viewer',
    response: z.object({ breaches: z.array(responses.breach), more: z.boolean() }),
    query: z.object({
      from: queryTime.optional(),
      to: queryTime.optional(),
      model: z.string().max(300).optional(),
      entity: z.string().max(300).optional(),
      minScore: queryInt(0, 100).optional(),
      limit: queryInt(1, 1000).default(100),
      offset: queryInt().default(0),
      /** Allow-lists apply to stored breaches too: those they cover are left out unless asked for. */
      includeAllowListed: z.enum(['true', 'false']).default('false'),
    }),
    handler: async ({ query }) => {
      const { includeAllowListed, limit, offset, ...filters } = query;
      const overrides = { ...ctx.config.models, ...(await ctx.settings.models()) };
      const anyAllowList = Object.values(overrides).some((o) => (o?.allow?.length ?? 0) > 0);
      if (includeAllowListed === 'true' || !anyAllowList) {
        const page = await ctx.store.queryBreaches({ ...filters, limit: limit + 1, offset });
        return { breaches: page.slice(0, limit), more: page.length > limit };
      }
      // Allow-listed breaches are left out before paging, so that every page is full while more remain:
      // the store is read in chunks from the start and `offset` counts the breaches shown.
      const tagger = entityTagger(ctx.config.tags);
      const shown: Breach[] = [];
      let skip = offset;
      for (let at = 0; shown.length <= limit; at += ALLOW_LIST_CHUNK) {
        const chunk = await ctx.store.queryBreaches({ ...filters, limit: ALLOW_LIST_CHUNK, offset: at });
        for (const b of applyAllowList(chunk, overrides, tagger)) {
          if (skip > 0) skip--;
          else shown.push(b);
        }
        if (chunk.length < ALLOW_LIST_CHUNK) break;
      }
      return { breaches: shown.slice(0, limit), more: shown.length > limit };
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
