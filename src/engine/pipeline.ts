import { Analyst } from '../analyst/analyst.js';
import type { Incident } from '../analyst/incident.js';
import type { BaselineOptions } from '../baseline/component.js';
import { type BaselineSnapshot, Baselines } from '../baseline/index.js';
import type { Enricher } from '../enrich/index.js';
import type { EntityRef, Event } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { AnyModel } from '../models/model.js';
import type { Action } from '../response/action.js';
import { ResponsePolicy } from '../response/policy.js';
import type { CommitBatch } from '../store/store.js';
import { Detector, type ModelOverrides } from './detector.js';
import { ReorderBuffer } from './reorder.js';

export interface PipelineOptions {
  models: AnyModel[];
  enrich: Enricher;
  baseline: BaselineOptions;
  overrides?: Record<string, ModelOverrides>;
  reorderWindowMs: number;
  learnUntil?: number;
  /** Keep raw events for the store (search); breaches, incidents and actions are always kept. */
  keepEvents: boolean;
  analyst?: Analyst;
  policy?: ResponsePolicy;
  /** Tags of entities, for `tag:` allow-list entries. */
  tagsOf?: (entity: EntityRef) => readonly string[];
}

/** What the pipeline reports as it goes (the CLI prints, the run loop stores). */
export interface PipelineListener {
  breach?(b: Breach): void;
  action?(a: Action): void;
}

export interface PipelineCounters {
  eventsIn: number;
  eventsByKind: Record<string, number>;
  late: number;
  breaches: number;
  breachesByModel: Record<string, number>;
  learnedBreaches: number;
  suppressedByAllowList: number;
  actions: number;
}

export interface PipelineSnapshot {
  version: 1;
  time: number;
  baselines: BaselineSnapshot;
  analyst: unknown;
  policy: unknown;
  /** How many events at exactly `time` had been processed (a catch-up skips that many). */
  processedAtTime?: number;
  /** Breaches remembered for composite models (absent in snapshots of older builds). */
  recentBreaches?: [string, Breach[]][];
}

/** How often (event time) the analyst and the policy are told that time has moved on. */
const ADVANCE_EVERY_MS = 60_000;

/**
 * The pure core, end to end: enrich -> reorder -> detect (models judge, baselines learn) ->
 * analyst -> response policy. No I/O: what should be stored accumulates until `takeWrites()`.
 */
export class Pipeline {
  readonly baselines: Baselines;
  readonly detector: Detector;
  readonly analyst: Analyst;
  readonly policy: ResponsePolicy;
  private readonly reorder: ReorderBuffer;
  private readonly ready: Event[] = [];
  private readonly breachBuf: Breach[] = [];
  private pendingEvents: Event[] = [];
  private pendingBreaches: Breach[] = [];
  private pendingIncidents = new Map<string, Incident>();
  private pendingActions = new Map<string, Action>();
  private readonly incidents = new Map<string, Incident>();
  private lastAdvance = Number.NEGATIVE_INFINITY;
  private eventTime = Number.NEGATIVE_INFINITY;
  private processedAtTime = 0;
  readonly counters: PipelineCounters = {
    eventsIn: 0,
    eventsByKind: {},
    late: 0,
    breaches: 0,
    breachesByModel: {},
    learnedBreaches: 0,
    suppressedByAllowList: 0,
    actions: 0,
  };

  constructor(
    private readonly opts: PipelineOptions,
    private readonly listener: PipelineListener = {},
  ) {
    this.baselines = new Baselines(opts.baseline);
    const detectorOpts: ConstructorParameters<typeof Detector>[0] = {
      models: opts.models,
      baselines: this.baselines,
    };
    if (opts.overrides) detectorOpts.overrides = opts.overrides;
    if (opts.learnUntil !== undefined) detectorOpts.learnUntil = opts.learnUntil;
    if (opts.tagsOf !== undefined) detectorOpts.tagsOf = opts.tagsOf;
    detectorOpts.onLearned = (b) => this.analyst.learn(b);
    this.detector = new Detector(detectorOpts);
    this.analyst = opts.analyst ?? new Analyst();
    this.policy = opts.policy ?? new ResponsePolicy();
    this.reorder = new ReorderBuffer(opts.reorderWindowMs);
  }

  /** Latest event time processed. */
  get time(): number {
    return this.eventTime;
  }

  /** Feed events in (roughly) event-time order. */
  push(events: readonly Event[]): void {
    const enrich = this.opts.enrich;
    const ready = this.ready;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      enrich(e);
      this.reorder.push(e, ready);
      if (ready.length >= 1024) this.processReady();
    }
    this.processReady();
  }

  /** End of a finite input, or an idle live source: release what the reorder window holds. */
  flush(watermark = Number.POSITIVE_INFINITY): void {
    if (watermark === Number.POSITIVE_INFINITY) this.reorder.flush(this.ready);
    else this.reorder.releaseUpTo(watermark, this.ready);
    this.processReady();
    if (watermark === Number.POSITIVE_INFINITY && this.eventTime > Number.NEGATIVE_INFINITY) {
      this.advance(this.eventTime);
    }
  }

  private processReady(): void {
    const ready = this.ready;
    if (ready.length === 0) return;
    const c = this.counters;
    const keep = this.opts.keepEvents;
    for (let i = 0; i < ready.length; i++) {
      const e = ready[i]!;
      c.eventsIn++;
      c.eventsByKind[e.kind] = (c.eventsByKind[e.kind] ?? 0) + 1;
      if (e.late) c.late++;
      if (e.time > this.eventTime) {
        this.eventTime = e.time;
        this.processedAtTime = 1;
      } else if (e.time === this.eventTime) {
        this.processedAtTime++;
      }
      if (keep) this.pendingEvents.push(e);
      // Before detection, so that a breach raised on this very sign-in already knows its device.
      this.analyst.observe(e);
      const found = this.detector.process(e, this.breachBuf);
      if (found.length > 0) {
        for (const b of found) this.onBreach(b);
        found.length = 0;
      }
      if (this.eventTime - this.lastAdvance >= ADVANCE_EVERY_MS) this.advance(this.eventTime);
    }
    ready.length = 0;
    c.learnedBreaches = this.detector.counters.learned;
    c.suppressedByAllowList = this.detector.counters.suppressedByAllowList;
  }

  private onBreach(b: Breach): void {
    const c = this.counters;
    c.breaches++;
    c.breachesByModel[b.model] = (c.breachesByModel[b.model] ?? 0) + 1;
    this.pendingBreaches.push(b);
    this.listener.breach?.(b);
    for (const a of this.policy.onBreach(b)) this.onAction(a);
    for (const inc of this.analyst.onBreach(b)) {
      this.onIncident(inc);
      for (const a of this.policy.onIncident(inc)) this.onAction(a);
    }
  }

  private onIncident(inc: Incident): void {
    this.incidents.set(inc.id, inc);
    this.pendingIncidents.set(inc.id, inc);
  }

  private onAction(a: Action): void {
    if (!this.pendingActions.has(a.id)) {
      this.counters.actions++;
      this.listener.action?.(a);
    }
    this.pendingActions.set(a.id, a);
  }

  private advance(time: number): void {
    this.lastAdvance = time;
    for (const inc of this.analyst.advance(time)) this.onIncident(inc);
    for (const a of this.policy.advance(time)) this.pendingActions.set(a.id, a);
  }

  /** Every incident as it now stands (open and closed, merged ones included). */
  allIncidents(): Incident[] {
    return [...this.incidents.values()];
  }

  /** What should be stored since the last call; the caller commits it atomically. */
  takeWrites(): CommitBatch {
    const batch: CommitBatch = {
      events: this.pendingEvents,
      breaches: this.pendingBreaches,
      incidents: [...this.pendingIncidents.values()],
      actions: [...this.pendingActions.values()],
    };
    this.pendingEvents = [];
    this.pendingBreaches = [];
    this.pendingIncidents = new Map();
    this.pendingActions = new Map();
    return batch;
  }

  get pendingEventCount(): number {
    return this.pendingEvents.length;
  }

  snapshot(): PipelineSnapshot {
    return {
      version: 1,
      time: this.eventTime,
      baselines: this.baselines.snapshot(),
      analyst: this.analyst.snapshot(),
      policy: this.policy.snapshot(),
      processedAtTime: this.processedAtTime,
      recentBreaches: this.detector.snapshot(),
    };
  }

  restore(s: PipelineSnapshot): void {
    this.baselines.restore(s.baselines);
    this.analyst.restore(s.analyst);
    this.policy.restore(s.policy);
    this.detector.restore(s.recentBreaches);
    this.eventTime = s.time;
    this.processedAtTime = s.processedAtTime ?? 0;
  }
}
