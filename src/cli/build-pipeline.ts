import { Analyst } from '../analyst/analyst.js';
import { analystOptions } from '../analyst/config.js';
import type { Config } from '../config/schema.js';
import { Pipeline, type PipelineListener } from '../engine/pipeline.js';
import { createEnricher } from '../enrich/index.js';
import { classifyNetwork } from '../enrich/ip/network-class.js';
import { scanPrompt } from '../enrich/prompt/index.js';
import { entityTagger } from '../models/entity-tags.js';
import { allModels } from '../models/registry.js';
import { ResponsePolicy } from '../response/policy.js';
import { detectorSettings } from './ai-edge.js';

/** Build the whole pure pipeline from a validated configuration. */
export function buildPipeline(
  config: Config,
  listener: PipelineListener,
  extra: { learnUntil?: number; keepEvents?: boolean } = {},
): Pipeline {
  const learnUntil = extra.learnUntil ?? (config.engine.learnUntil ? Date.parse(config.engine.learnUntil) : undefined);
  const detectors = detectorSettings(config);
  const tagsOf = entityTagger(config.tags);
  return new Pipeline(
    {
      models: allModels(),
      enrich: createEnricher({
        internalRanges: config.enrich.internalRanges,
        externalRanges: config.enrich.externalRanges,
        classifyNetwork,
        scanPrompt: (text) => scanPrompt(text, detectors.scan),
      }),
      baseline: {
        learningWindowMs: config.baseline.learningWindow,
        maxEntities: config.baseline.maxEntities,
        maxThings: config.baseline.maxThings,
      },
      overrides: config.models,
      reorderWindowMs: config.engine.reorderWindow,
      ...(learnUntil !== undefined ? { learnUntil } : {}),
      keepEvents: extra.keepEvents ?? config.store.events,
      analyst: new Analyst(analystOptions(config.analyst)),
      policy: new ResponsePolicy({ config: config.response, tagsOf }),
      tagsOf,
    },
    listener,
  );
}
