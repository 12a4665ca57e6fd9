import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { QueryError } from '../../search/parser.js';
import { SearchRequestError } from '../../search/request.js';
import type { ServerContext } from '../context.js';
import * as responses from '../responses.js';
import { addRoute, HttpError, queryInt, queryTime } from '../route.js';

/**
 * Malformed queries come back from the search layer with a position; they are the caller's mistake.
 * The answer carries the position (0-based offset in `q`) for a UI to mark.
 */
async function asBadRequest<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof QueryError) throw new HttpError(400, 'bad_query', err.message, { position: err.position });
    if (err instanceof SearchRequestError) throw new HttpError(400, 'bad_query', err.message);
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
    response: responses.searchResult,
    query: z.object({ ...window, ...sort, limit: queryInt(1, 10_000).default(50), offset: queryInt().default(0) }),
    handler: async ({ query }) => {
      return asBadRequest(() =>
        ctx.store.search({
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
    response: responses.topValues,
    query: z.object({ ...window, field: z.string().min(1).max(100), limit: queryInt(1, 1000).default(10) }),
    handler: async ({ query }) => {
      const values = await asBadRequest(() =>
        ctx.store.topValues({ query: query.q, from: query.from, to: query.to, field: query.field, limit: query.limit }),
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
    response: responses.exportText,
    produces: 'text/csv',
    query: z.object({ ...window, ...sort, format: z.enum(['csv', 'json']).default('csv') }),
    handler: async ({ query, reply }) => {
      const req = {
        query: query.q,
        from: query.from,
        to: query.to,
        sort: { field: query.sort ?? 'time', direction: query.order },
      };
      // Pull the first chunk before answering, so a malformed query is still a 400 and not a broken download.
      const it = await asBadRequest(async () => ctx.store.exportSearch(req, query.format)[Symbol.asyncIterator]());
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
