import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Action, ActionStatus } from '../../response/action.js';
import { IllegalTransition } from '../../response/lifecycle.js';
import type { ServerContext } from '../context.js';
import * as responses from '../responses.js';
import { addRoute, HttpError, idParams, queryInt, reasonBody } from '../route.js';

const STATUSES = ['proposed', 'awaiting_confirmation', 'active', 'extended', 'expired', 'cleared', 'failed'] as const;

/** Which statuses each analyst decision may start from, and where it leads. */
const DECISIONS = {
  confirm: { from: ['proposed', 'awaiting_confirmation'], to: 'active' },
  extend: { from: ['active', 'extended'], to: 'extended' },
  clear: { from: ['proposed', 'awaiting_confirmation', 'active', 'extended'], to: 'cleared' },
} as const satisfies Record<string, { from: readonly ActionStatus[]; to: ActionStatus }>;

const MAX_EXTENSION_MS = 30 * 86_400_000;

export function actionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/actions',
    summary: 'Response actions; filter by status (comma list) for the queue',
    tag: 'actions',
    role: 'viewer',
    response: z.object({ actions: z.array(responses.action) }),
    query: z.object({
      status: z
        .string()
        .transform((s) => s.split(',').filter((x) => x !== ''))
        .pipe(z.array(z.enum(STATUSES)))
        .optional(),
      limit: queryInt(1, 1000).default(200),
      offset: queryInt().default(0),
    }),
    handler: async ({ query }) => ({ actions: await ctx.store.listActions(query) }),
  });

  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/actions/:id',
    summary: 'One action with its audit trail',
    tag: 'actions',
    role: 'viewer',
    response: responses.action,
    params: idParams,
    handler: async ({ params }) => {
      const a = await ctx.store.getAction(params.id);
      if (a === undefined) throw new HttpError(404, 'not_found', `no action ${params.id}`);
      return a;
    },
  });

  for (const [decision, rule] of Object.entries(DECISIONS) as [
    keyof typeof DECISIONS,
    (typeof DECISIONS)[keyof typeof DECISIONS],
  ][]) {
    const extend = decision === 'extend';
    addRoute(app, ctx, {
      method: 'POST',
      url: `/api/actions/:id/${decision}`,
      summary: `${decision[0]!.toUpperCase()}${decision.slice(1)} an action, with a reason`,
      tag: 'actions',
      role: 'analyst',
      response: responses.action,
      params: idParams,
      body: reasonBody.extend({
        durationMs: extend
          ? z.number().int().positive().max(MAX_EXTENSION_MS)
          : z.undefined({ error: `durationMs only applies to extend` }).optional(),
      }) as z.ZodType<{ reason: string; durationMs?: number }>,
      handler: async ({ params, body, principal }) => {
        const a = await ctx.store.getAction(params.id);
        if (a === undefined) throw new HttpError(404, 'not_found', `no action ${params.id}`);
        if (!(rule.from as readonly ActionStatus[]).includes(a.status)) {
          throw new HttpError(409, 'conflict', `cannot ${decision} an action that is ${a.status}`);
        }
        const now = ctx.now();
        const expires = body.durationMs === undefined ? undefined : Math.max(a.expires, now) + body.durationMs;
        let updated: Action | undefined;
        if (ctx.decideAction) {
          const decided = await ctx
            .decideAction({
              id: a.id,
              decision,
              who: principal!.name,
              reason: body.reason,
              time: now,
              ...(expires === undefined ? {} : { until: expires }),
            })
            .catch((err: unknown) => {
              if (err instanceof IllegalTransition) throw new HttpError(409, 'conflict', err.message);
              throw err;
            });
          if (decided === undefined) {
            throw new HttpError(409, 'conflict', `action ${a.id} is no longer live in the response policy`);
          }
          // The stored copy, with what the executors reported.
          updated = (await ctx.store.getAction(a.id)) ?? decided;
        } else {
          updated = await ctx.store.updateAction(
            a.id,
            { time: now, actor: principal!.name, from: a.status, to: rule.to, reason: body.reason },
            expires === undefined ? undefined : { expires },
          );
        }
        if (updated === undefined) throw new HttpError(404, 'not_found', `no action ${params.id}`);
        // What it came to (an executor may have failed it), not what the decision asked for.
        await ctx.audit(principal, `action.${decision}`, a.id, {
          reason: body.reason,
          from: a.status,
          to: updated.status,
        });
        return updated;
      },
    });
  }
}
