import type { Incident } from '../analyst/incident.js';
import { endpointHost } from '../analyst/links.js';
import type { EntityRef } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { ModelMeta, Thresholds } from '../models/model.js';
import type { ActionKind, ActionMode } from './action.js';

/** Metadata of a response policy model: a model that acts rather than detects. */
export interface ResponseRuleMeta<P extends Thresholds = Thresholds> extends Omit<ModelMeta<P>, 'category' | 'reads'> {
  category: 'response';
  reads: [];
  /** The actions it may propose. */
  actions: ActionKind[];
  /** Its mode unless configuration says otherwise; per action kind when they differ. */
  mode: ActionMode;
  modeOf?: Partial<Record<ActionKind, ActionMode>>;
  /** Base duration of its actions (before escalation); per action kind when they differ. */
  durationMs: number;
  durationOf?: Partial<Record<ActionKind, number>>;
  /** Entity tags it reads, e.g. the tag that puts a device under control. */
  tags?: string[];
}

/** What a rule wants done and why; the policy turns it into an Action (or not). */
export interface Proposal {
  action: ActionKind;
  target: EntityRef;
  scope?: Record<string, string | string[]>;
  /** Breach or incident ids. */
  reason: string[];
  time: number;
  /** One sentence for the audit trail. */
  why: string;
}

export interface RuleContext<P extends Thresholds = Thresholds> {
  params: P;
  /** Tags the rule reads, after configuration. */
  tags: readonly string[];
  tagsOf(entity: EntityRef): readonly string[];
}

export interface ResponseRule<P extends Thresholds = Thresholds> {
  meta: ResponseRuleMeta<P>;
  onBreach?(breach: Breach, ctx: RuleContext<P>): Proposal[];
  onIncident?(incident: Incident, ctx: RuleContext<P>): Proposal[];
}

export type AnyResponseRule = ResponseRule<Thresholds>;

export function defineRule<P extends Thresholds>(rule: ResponseRule<P>): ResponseRule<P> {
  return rule;
}

/** The hosts of the related endpoints, without the ports models quote, once each. */
export function relatedEndpoints(related: readonly EntityRef[]): string[] {
  return [...new Set(related.filter((r) => r.kind === 'endpoint').map((r) => endpointHost(r.id)))];
}

const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export { MINUTE };
