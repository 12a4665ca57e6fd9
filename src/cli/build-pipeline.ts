import type { Config } from '../config/schema.js';
import { Pipeline, type PipelineListener } from '../engine/pipeline.js';
import { createEnricher, type EnrichOptions } from '../enrich/index.js';
import { allModels } from '../models/registry.js';

/** Build the whole pure pipeline from a validated configuration. */
export function buildPipeline(
  config: Config,
  listener: PipelineListener,
  extra: { learnUntil?: number; keepEvents?: boolean } = {},
): Pipeline {
  const enrichOpts: EnrichOptions = {
    internalRanges: config.enrich.internalRanges,
    externalRanges: config.enrich.externalRanges,
  };
  const learnUntil = extra.learnUntil ?? (config.engine.learnUntil ? Date.parse(config.engine.learnUntil) : undefined);
  return new Pipeline(
    {
      models: allModels(),
      enrich: createEnricher(enrichOpts),
      baseline: {
        learningWindowMs: config.baseline.learningWindow,
        maxEntities: config.baseline.maxEntities,
        maxThings: config.baseline.maxThings,
      },
      overrides: config.models,
      reorderWindowMs: config.engine.reorderWindow,
      ...(learnUntil !== undefined ? { learnUntil } : {}),
      keepEvents: extra.keepEvents ?? config.store.events,
    },
    listener,
  );
}
