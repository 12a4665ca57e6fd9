import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModelOverrides } from '../../engine/detector.js';
import { allModels, modelByName } from '../../models/registry.js';
import type { ServerContext } from '../context.js';
import * as responses from '../responses.js';
import { addRoute, HttpError } from '../route.js';

const nameParams = z.object({ name: z.string().min(1).max(300) });

export function modelRoutes(app: FastifyInstance, ctx: ServerContext): void {
  addRoute(app, ctx, {
    method: 'GET',
    url: '/api/models',
    summary: 'Every detection model with its metadata and current settings',
    tag: 'models',
    role: 'viewer',
    response: z.object({ models: z.array(responses.modelInfo) }),
    handler: async () => {
      const overrides = await ctx.settings.models();
      return {
        models: allModels().map((m) => {
          const fromConfig = ctx.config.models[m.meta.name];
          const o = overrides[m.meta.name] ?? {};
          return {
            ...m.meta,
            enabled: o.enabled ?? fromConfig?.enabled ?? true,
            thresholds: { ...m.meta.thresholds, ...fromConfig?.thresholds, ...o.thresholds },
            allow: o.allow ?? fromConfig?.allow ?? [],
          };
        }),
      };
    },
  });

  addRoute(app, ctx, {
    method: 'PUT',
    url: '/api/models/:name',
    summary: 'Enable or disable a model, set thresholds and its allow-list',
    tag: 'models',
    role: 'admin',
    response: responses.modelUpdated,
    params: nameParams,
    body: z
      .object({
        enabled: z.boolean().optional(),
        thresholds: z.record(z.string(), z.number().finite()).optional(),
        allow: z.array(z.string().min(1).max(500)).max(10_000).optional(),
      })
      .strict(),
    handler: async ({ params, body, principal }) => {
      const model = modelByName(params.name);
      if (model === undefined) throw new HttpError(404, 'not_found', `no model named "${params.name}"`);
      for (const k of Object.keys(body.thresholds ?? {})) {
        if (!(k in model.meta.thresholds)) {
          throw new HttpError(
            400,
            'bad_request',
            `model "${params.name}" has no threshold "${k}" (it has: ${Object.keys(model.meta.thresholds).join(', ') || 'none'})`,
          );
        }
      }
      const all = await ctx.settings.serial(async () => {
        const models = await ctx.settings.models();
        const prev: ModelOverrides = models[params.name] ?? {};
        models[params.name] = {
          ...prev,
          ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
          ...(body.thresholds === undefined ? {} : { thresholds: { ...prev.thresholds, ...body.thresholds } }),
          ...(body.allow === undefined ? {} : { allow: body.allow }),
        };
        await ctx.settings.saveModels(models);
        return models;
      });
      await ctx.audit(principal, 'model.update', params.name, body);
      ctx.onModelsChanged(all);
      return { name: params.name, ...all[params.name] };
    },
  });
}
