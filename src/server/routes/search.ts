import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Event } from '../../events/event.js';
import type { ServerContext } from '../context.js';
import { addRoute, HttpError, queryInt, queryTime } from '../route.js';

interface SearchWindow {
  query?: string;
  from?: number;
  to?: number;
}

/** The search methods the store offers (src/search, exposed on the Store). */
interface SearchingStore {
  search(
    req: SearchWindow & { sort?: { field: string; direction?: 'asc' | 'desc' }; limit?: number; offset?: number },
  ): Promise<{
    total: number;
    events: Event[];
  }>;
  topValues(req: SearchWindow & { field: string; limit: number }): Promise<{ value: string; count: number }[]>;
  exportSearch(
    req: SearchWindow & { sort?: { field: string; direction?: 'asc' | 'desc' } },
    format: 'csv' | 'json',
  ): AsyncIterable<string>;
}

function searching(ctx: ServerContext): SearchingStore {
  const s = ctx.store as Partial<SearchingStore>;
  if (typeof s.search !== 'function' || typeof s.topValues !== 'function' || typeof s.exportSearch !== 'function') {
    throw new HttpError(501, 'not_implemented', `the ${ctx.store.kind} store does not support search`);
  }
  return s as SearchingStore;
}

/** Malformed queries come back from the search layer with a position; they are the caller's mistake. */
async function asBadRequest<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Error && (err.name === 'QueryError' || err.name === 'SearchRequestError')) {
      throw new HttpError(400, 'bad_query', err.message);
    }
    throw err;
  }
}

const window = {
  q: z.string().max(10_000).default('').describe('Query, e.g. kind:net.http AND method:POST NOT host:*.example.com'),
  from: queryTime.optional(),
  to: queryTime.optional(),
};
const sort = {
  sort: z.string().max(100).optional().describe('Field to sort by (default time)'),
  order: z.enum(['asc', 'desc']).default('desc'),
};

export function searchRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/search',
    summary: 'Search stored events with the query language; sorted and paged',
    tag: 'search',
    role: 'viewer',
    query: z.object({ ...window, ...sort, limit: queryInt(1, 10_000).default(50), offset: queryInt().default(0) }),
    handler: async ({ query }) => {
      const s = searching(ctx);
      return asBadRequest(() =>
        s.search({
          query: query.q,
          from: query.from,
          to: query.to,
          sort: { field: query.sort ?? 'time', direction: query.order },
          limit: query.limit,
          offset: query.offset,
        }),
      );
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/search/top',
    summary: 'Most frequent values of a field among matching events',
    tag: 'search',
    role: 'viewer',
    query: z.object({ ...window, field: z.string().min(1).max(100), limit: queryInt(1, 1000).default(10) }),
    handler: async ({ query }) => {
      const s = searching(ctx);
      const values = await asBadRequest(() =>
        s.topValues({ query: query.q, from: query.from, to: query.to, field: query.field, limit: query.limit }),
      );
      return { field: query.field, values };
    },
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/search/export',
    summary: 'Export every matching event as CSV or JSON',
    tag: 'search',
    role: 'viewer',
    produces: 'text/csv',
    query: z.object({ ...window, ...sort, format: z.enum(['csv', 'json']).default('csv') }),
    handler: async ({ query, reply }) => {
      const s = searching(ctx);
      const req = {
        query: query.q,
        from: query.from,
        to: query.to,
        sort: { field: query.sort ?? 'time', direction: query.order },
      };
      // Pull the first chunk before answering, so a malformed query is still a 400 and not a broken download.
      const it = await asBadRequest(async () => s.exportSearch(req, query.format)[Symbol.asyncIterator]());
      const first = await asBadRequest(() => it.next());
      async function* rest(): AsyncGenerator<string> {
        if (!first.done) yield first.value;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      }
      const ext = query.format === 'csv' ? 'csv' : 'json';
      reply
        .type(query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="telltale-search.${ext}"`);
      return reply.send(Readable.from(rest()));
    },
  });
}
