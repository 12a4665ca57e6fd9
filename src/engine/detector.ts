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
  /** Told of each breach raised before `learnUntil`, which is learned from and not reported. */
  onLearned?: (breach: Breach) => void;
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
  /**
   * Allow-listed breaches, per model and entity, read back by that model alone: its cool-down then
   * holds as for a reported breach (a situation is suppressed once, not re-drafted on every event),
   * while composite models and other models never see what the allow-list removed.
   */
  private readonly allowed = new Map<string, Breach[]>();
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
    for (const model of opts.models) {
      const o = overrides[model.meta.name];
      if (o?.enabled === false) continue;
      const params = { ...model.meta.thresholds, ...(o?.thresholds ?? {}) };
      const name = model.meta.name;
      const recentBreaches = (entity: EntityRef, since: number): readonly Breach[] => {
        const key = entityKey(entity);
        const reported = this.recent.get(key);
        const own = this.allowed.get(allowedKey(name, key));
        const out: Breach[] = [];
        if (reported !== undefined) for (const b of reported) if (b.time >= since) out.push(b);
        if (own !== undefined) for (const b of own) if (b.time >= since) out.push(b);
        return out;
      };
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
        this.opts.onLearned?.(breach);
        continue;
      }
      if (!lm.allow.empty && this.isAllowed(lm.allow, d)) {
        this.counters.suppressedByAllowList++;
        this.remember(this.allowed, allowedKey(breach.model, entityKey(breach.entity)), breach);
        continue;
      }
      this.remember(this.recent, entityKey(breach.entity), breach);
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

  private isAllowed(allow: AllowList, d: BreachDraft): boolean {
    const tags = this.opts.tagsOf?.(d.entity);
    if (allow.matches(d.entity.id, tags)) return true;
    for (const r of d.related ?? []) if (allow.matches(r.id)) return true;
    return false;
  }

  private remember(memory: Map<string, Breach[]>, key: string, b: Breach): void {
    let list = memory.get(key);
    if (list === undefined) {
      list = [];
      memory.set(key, list);
    }
    list.push(b);
    if (list.length > this.memoryPerEntity) list.splice(0, list.length - this.memoryPerEntity);
  }

  /**
   * The remembered breaches models read, as plain data for the pipeline snapshot: the reported ones
   * by entity, then the allow-listed ones under keys that start with ALLOWED_PREFIX.
   */
  snapshot(): [string, Breach[]][] {
    return [...this.recent, ...[...this.allowed].map(([k, list]): [string, Breach[]] => [ALLOWED_PREFIX + k, list])];
  }

  restore(state: [string, Breach[]][] | undefined): void {
    this.recent.clear();
    this.allowed.clear();
    for (const [k, list] of state ?? []) {
      if (k.startsWith(ALLOWED_PREFIX)) this.allowed.set(k.slice(ALLOWED_PREFIX.length), list);
      else this.recent.set(k, list);
    }
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    const cutoff = now - this.memoryMs;
    for (const memory of [this.recent, this.allowed]) {
      for (const [k, list] of memory) {
        let i = 0;
        while (i < list.length && list[i]!.time < cutoff) i++;
        if (i === list.length) memory.delete(k);
        else if (i > 0) list.splice(0, i);
      }
    }
  }
}

/** Entity kinds hold no NUL, so this prefix never starts an entity key. */
const ALLOWED_PREFIX = 'allowed\u0000';

function entityKey(e: EntityRef): string {
  return e.kind + '\u0000' + e.id;
}

function allowedKey(model: string, entity: string): string {
  return model + '\u0000' + entity;
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
