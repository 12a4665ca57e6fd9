import { createHash } from 'node:crypto';
import type { Baselines } from '../baseline/index.js';
import type { EntityRef, Event, EventKind } from '../events/event.js';
import { AllowList } from '../models/allowlist.js';
import type { Breach, BreachDraft } from '../models/breach.js';
import { type AnyModel, clampScore, type ModelContext, type Thresholds } from '../models/model.js';

export interface ModelOverrides {
  enabled?: boolean;
  thresholds?: Record<string, number>;
  allow?: string[];
}

export interface DetectorOptions {
  models: AnyModel[];
  baselines: Baselines;
  /** Per model name. */
  overrides?: Record<string, ModelOverrides>;
  /** Breaches before this event time are learned from, not reported. */
  learnUntil?: number;
  /** How long breaches are remembered for composite models. */
  breachMemoryMs?: number;
  /** Per entity, at most this many remembered breaches. */
  breachMemoryPerEntity?: number;
  /** Tags of entities, for allow-lists (`tag:...`). */
  tagsOf?: (entity: EntityRef) => readonly string[] | undefined;
}

interface LoadedModel {
  model: AnyModel;
  ctx: ModelContext<Thresholds>;
  allow: AllowList;
}

/**
 * The pure core of detection: for each event (in event-time order) every model that reads its
 * kind judges it against the baseline as it was, then the baseline learns from it. Breaches feed
 * composite models at once. Same events in, same breaches out.
 */
export class Detector {
  private readonly byKind = new Map<EventKind, LoadedModel[]>();
  private readonly byBreachOf = new Map<string, LoadedModel[]>();
  private readonly recent = new Map<string, Breach[]>();
  private readonly memoryMs: number;
  private readonly memoryPerEntity: number;
  private readonly learnUntil: number;
  private lastSweep = 0;
  readonly counters = { events: 0, breaches: 0, suppressedByAllowList: 0, learned: 0 };

  constructor(private readonly opts: DetectorOptions) {
    this.memoryMs = opts.breachMemoryMs ?? 14 * 86_400_000;
    this.memoryPerEntity = opts.breachMemoryPerEntity ?? 256;
    this.learnUntil = opts.learnUntil ?? Number.NEGATIVE_INFINITY;
    this.load(opts.overrides ?? {});
  }

  /** Re-tune models (enable, thresholds, allow-lists) without losing the remembered breaches. */
  setOverrides(overrides: Record<string, ModelOverrides>): void {
    this.byKind.clear();
    this.byBreachOf.clear();
    this.load(overrides);
  }

  private load(overrides: Record<string, ModelOverrides>): void {
    const opts = this.opts;
    const recentBreaches = (entity: EntityRef, since: number): readonly Breach[] => {
      const list = this.recent.get(entityKey(entity));
      if (list === undefined) return [];
      return list.filter((b) => b.time >= since);
    };
    for (const model of opts.models) {
      const o = overrides[model.meta.name];
      if (o?.enabled === false) continue;
      const params = { ...model.meta.thresholds, ...(o?.thresholds ?? {}) };
      const loaded: LoadedModel = {
        model,
        ctx: { params, baseline: opts.baselines, recentBreaches },
        allow: new AllowList(o?.allow ?? []),
      };
      for (const k of model.meta.reads) {
        let list = this.byKind.get(k);
        if (list === undefined) {
          list = [];
          this.byKind.set(k, list);
        }
        list.push(loaded);
      }
      for (const name of model.meta.readsBreachesOf ?? []) {
        let list = this.byBreachOf.get(name);
        if (list === undefined) {
          list = [];
          this.byBreachOf.set(name, list);
        }
        list.push(loaded);
      }
    }
  }

  /** Judge one event, then learn from it. Returns the breaches to report (possibly empty). */
  process(event: Event, out: Breach[] = []): Breach[] {
    this.counters.events++;
    const models = this.byKind.get(event.kind);
    if (models !== undefined) {
      for (let i = 0; i < models.length; i++) {
        const lm = models[i]!;
        const drafts = lm.model.evaluate!(event as never, lm.ctx);
        if (drafts.length > 0) this.accept(lm, drafts, event, out);
      }
    }
    this.opts.baselines.observe(event);
    if (event.time - this.lastSweep > 3_600_000) this.sweep(event.time);
    return out;
  }

  private accept(lm: LoadedModel, drafts: readonly BreachDraft[], event: Event, out: Breach[]): void {
    for (const d of drafts) {
      if (!lm.allow.empty && this.allowed(lm.allow, d)) {
        this.counters.suppressedByAllowList++;
        continue;
      }
      const time = d.time ?? event.time;
      const mitre = d.mitre ? [...new Set([...lm.model.meta.mitre, ...d.mitre])] : lm.model.meta.mitre.slice();
      const breach: Breach = {
        id: breachId(lm.model.meta.name, d, time, event),
        model: lm.model.meta.name,
        time,
        score: clampScore(d.score),
        entity: d.entity,
        related: d.related ?? [],
        mitre,
        summary: d.summary,
        evidence: d.evidence,
        sources: [event.source],
      };
      if (event.late) breach.late = true;
      if (time < this.learnUntil) {
        this.counters.learned++;
        continue;
      }
      this.remember(breach);
      this.counters.breaches++;
      out.push(breach);
      const composites = this.byBreachOf.get(breach.model);
      if (composites !== undefined) {
        for (const c of composites) {
          const more = c.model.onBreach?.(breach, c.ctx);
          if (more && more.length > 0) this.accept(c, more, event, out);
        }
      }
    }
  }

  private allowed(allow: AllowList, d: BreachDraft): boolean {
    const tags = this.opts.tagsOf?.(d.entity);
    if (allow.matches(d.entity.id, tags)) return true;
    for (const r of d.related ?? []) if (allow.matches(r.id)) return true;
    return false;
  }

  private remember(b: Breach): void {
    const key = entityKey(b.entity);
    let list = this.recent.get(key);
    if (list === undefined) {
      list = [];
      this.recent.set(key, list);
    }
    list.push(b);
    if (list.length > this.memoryPerEntity) list.splice(0, list.length - this.memoryPerEntity);
  }

  /** The remembered breaches composite models read, as plain data for the pipeline snapshot. */
  snapshot(): [string, Breach[]][] {
    return [...this.recent];
  }

  restore(state: [string, Breach[]][] | undefined): void {
    this.recent.clear();
    for (const [k, list] of state ?? []) this.recent.set(k, list);
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    const cutoff = now - this.memoryMs;
    for (const [k, list] of this.recent) {
      let i = 0;
      while (i < list.length && list[i]!.time < cutoff) i++;
      if (i === list.length) this.recent.delete(k);
      else if (i > 0) list.splice(0, i);
    }
  }
}

function entityKey(e: EntityRef): string {
  return e.kind + '\u0000' + e.id;
}

/** Deterministic: the same breach from the same event gets the same id in replay and live. */
function breachId(model: string, d: BreachDraft, time: number, event: Event): string {
  const h = createHash('sha1');
  h.update(model);
  h.update('\u0000');
  h.update(d.entity.kind);
  h.update(d.entity.id);
  for (const r of d.related ?? []) h.update(r.id);
  h.update('\u0000');
  h.update(String(time));
  h.update(event.source.input);
  h.update(String(event.source.line ?? event.source.cursor ?? ''));
  return 'b-' + h.digest('hex').slice(0, 20);
}
