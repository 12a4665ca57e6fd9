import type { BaselineView } from '../baseline/view.js';
import type { EntityRef, Event, EventKind, EventOfKind } from '../events/event.js';
import type { Breach, BreachDraft } from './breach.js';

export type ModelCategory = 'network' | 'saas' | 'ai' | 'response';

/** Named, tunable numbers of a model. Config may override any of them. */
export type Thresholds = Record<string, number>;

export interface ModelMeta<P extends Thresholds = Thresholds> {
  /** Exact product name (DESIGN §4): analysts search, tune and write policy by it. */
  name: string;
  description: string;
  category: ModelCategory;
  /** MITRE ATT&CK technique ids, e.g. "T1071.001". */
  mitre: string[];
  /** Default score before the model scales it by how unusual the event is. */
  severity: number;
  /** Event kinds the model evaluates; empty for models that only read breaches. */
  reads: EventKind[];
  /** Models this one reacts to (composite "X and Y within T" models). */
  readsBreachesOf?: string[];
  thresholds: P;
  /** Known benign causes, shown to the analyst. */
  falsePositives: string[];
}

export interface ModelContext<P extends Thresholds = Thresholds> {
  /** Thresholds after configuration overrides. */
  params: P;
  /** Pattern-of-life state as it was before this event. */
  baseline: BaselineView;
  /** Earlier breaches of an entity at or after `sinceTime` (event time), oldest first. */
  recentBreaches(entity: EntityRef, sinceTime: number): readonly Breach[];
}

export interface Model<P extends Thresholds = Thresholds, K extends EventKind = EventKind> {
  meta: ModelMeta<P> & { reads: K[] };
  /** Pure: judge one event against the baseline. Return NO_BREACH (not a new array) when quiet. */
  evaluate?(event: EventOfKind<K>, ctx: ModelContext<P>): readonly BreachDraft[];
  /** Pure: judge a breach just raised by another model (composites). */
  onBreach?(breach: Breach, ctx: ModelContext<P>): readonly BreachDraft[];
}

/** The shared empty result, so quiet models allocate nothing. */
export const NO_BREACH: readonly BreachDraft[] = Object.freeze([]);

/** Helper with full typing for a model file: `export default defineModel({...})`. */
export function defineModel<P extends Thresholds, K extends EventKind>(model: Model<P, K>): Model<P, K> {
  return model;
}

/** Clamp and round a score to the 0-100 contract. */
export function clampScore(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return Math.max(0, Math.min(100, Math.round(x)));
}

export type AnyModel = Model<Thresholds, EventKind>;

export function modelReads(model: AnyModel, event: Event): boolean {
  return (model.meta.reads as EventKind[]).includes(event.kind);
}
