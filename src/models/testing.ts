import { type BaselineOptions, DEFAULT_BASELINE_OPTIONS } from '../baseline/component.js';
import { Baselines } from '../baseline/index.js';
import { Detector, type DetectorOptions } from '../engine/detector.js';
import type { Event } from '../events/event.js';
import type { Breach } from './breach.js';
import type { AnyModel } from './model.js';

/**
 * Run models over events exactly as the engine does (judge, then learn), for model tests.
 * Events must already be enriched (or built with the enriched fields set).
 */
export function runModels(
  models: AnyModel[],
  events: readonly Event[],
  opts: Partial<Omit<DetectorOptions, 'models' | 'baselines'>> & { baseline?: Partial<BaselineOptions> } = {},
): { breaches: Breach[]; baselines: Baselines } {
  const baselines = new Baselines({ ...DEFAULT_BASELINE_OPTIONS, ...opts.baseline });
  const detector = new Detector({ ...opts, models, baselines });
  const breaches: Breach[] = [];
  for (const e of events) detector.process(e, breaches);
  return { breaches, baselines };
}
