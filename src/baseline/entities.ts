import type { EntityKind, EntityRef } from '../events/event.js';

export interface EntitySeen {
  kind: EntityKind;
  id: string;
  firstSeen: number;
  lastSeen: number;
  /** Events observed for the entity. */
  events: number;
}

export type EntityRegistrySnapshot = [EntityKind, string, number, number, number][];

/**
 * Entities are also filed by the hour of their last sighting, so that counting those seen since a
 * time (asked whenever a rarity is put into words) adds up whole hours and looks at single entities
 * only in the hour the count starts in, however many entities there are.
 */
const HOUR_MS = 3_600_000;
const hourOf = (time: number) => Math.floor(time / HOUR_MS);

/**
 * Every internal entity (device, user, agent) telltale has seen, with first/last seen.
 * Bounded by `maxEntities`: the least recently seen are dropped in bulk when it is exceeded.
 */
export class EntityRegistry {
  private readonly byKind = new Map<EntityKind, Map<string, EntitySeen>>();
  /** Per kind: hour of last sighting -> the entities last seen in that hour. */
  private readonly byLastHour = new Map<EntityKind, Map<number, Set<EntitySeen>>>();
  private total = 0;

  constructor(private readonly maxEntities = 1_000_000) {}

  observe(entity: EntityRef, time: number): void {
    let m = this.byKind.get(entity.kind);
    if (m === undefined) {
      m = new Map();
      this.byKind.set(entity.kind, m);
    }
    const e = m.get(entity.id);
    if (e === undefined) {
      if (this.total >= this.maxEntities) this.evict();
      const seen: EntitySeen = { kind: entity.kind, id: entity.id, firstSeen: time, lastSeen: time, events: 1 };
      m.set(entity.id, seen);
      this.file(seen);
      this.total++;
      return;
    }
    e.events++;
    if (time > e.lastSeen) this.moveLastSeen(e, time);
    if (time < e.firstSeen) e.firstSeen = time;
  }

  private hours(kind: EntityKind): Map<number, Set<EntitySeen>> {
    let h = this.byLastHour.get(kind);
    if (h === undefined) {
      h = new Map();
      this.byLastHour.set(kind, h);
    }
    return h;
  }

  private file(e: EntitySeen): void {
    const h = this.hours(e.kind);
    const hour = hourOf(e.lastSeen);
    let set = h.get(hour);
    if (set === undefined) {
      set = new Set();
      h.set(hour, set);
    }
    set.add(e);
  }

  private unfile(e: EntitySeen): void {
    const h = this.hours(e.kind);
    const hour = hourOf(e.lastSeen);
    const set = h.get(hour);
    if (set === undefined) return;
    set.delete(e);
    if (set.size === 0) h.delete(hour);
  }

  private moveLastSeen(e: EntitySeen, time: number): void {
    if (hourOf(time) === hourOf(e.lastSeen)) {
      e.lastSeen = time;
      return;
    }
    this.unfile(e);
    e.lastSeen = time;
    this.file(e);
  }

  get(entity: EntityRef): EntitySeen | undefined {
    return this.byKind.get(entity.kind)?.get(entity.id);
  }

  /** How many entities of a kind were seen since `since` (the denominator of rarity statements). */
  count(kind: EntityKind, since = Number.NEGATIVE_INFINITY): number {
    const m = this.byKind.get(kind);
    if (m === undefined) return 0;
    if (since === Number.NEGATIVE_INFINITY) return m.size;
    const first = hourOf(since);
    let n = 0;
    for (const [hour, set] of this.hours(kind)) {
      if (hour > first) n += set.size;
      else if (hour === first) for (const e of set) if (e.lastSeen >= since) n++;
    }
    return n;
  }

  list(kind: EntityKind): IterableIterator<EntitySeen> {
    return (this.byKind.get(kind) ?? new Map<string, EntitySeen>()).values();
  }

  private evict(): void {
    const all: EntitySeen[] = [];
    for (const m of this.byKind.values()) for (const e of m.values()) all.push(e);
    all.sort((a, b) => a.lastSeen - b.lastSeen);
    for (const e of all.slice(0, Math.ceil(all.length / 10))) {
      this.byKind.get(e.kind)?.delete(e.id);
      this.unfile(e);
      this.total--;
    }
  }

  snapshot(): EntityRegistrySnapshot {
    const out: EntityRegistrySnapshot = [];
    for (const m of this.byKind.values()) {
      for (const e of m.values()) out.push([e.kind, e.id, e.firstSeen, e.lastSeen, e.events]);
    }
    return out;
  }

  restore(snap: EntityRegistrySnapshot): void {
    this.byKind.clear();
    this.byLastHour.clear();
    this.total = 0;
    for (const [kind, id, firstSeen, lastSeen, events] of snap) {
      this.observe({ kind, id }, firstSeen);
      const e = this.get({ kind, id });
      if (e) {
        if (lastSeen > e.lastSeen) this.moveLastSeen(e, lastSeen);
        e.events = events;
      }
    }
  }
}
