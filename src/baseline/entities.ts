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
 * Every internal entity (device, user, agent) telltale has seen, with first/last seen.
 * Bounded by `maxEntities`: the least recently seen are dropped in bulk when it is exceeded.
 */
export class EntityRegistry {
  private readonly byKind = new Map<EntityKind, Map<string, EntitySeen>>();
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
      m.set(entity.id, { kind: entity.kind, id: entity.id, firstSeen: time, lastSeen: time, events: 1 });
      this.total++;
      return;
    }
    e.events++;
    if (time > e.lastSeen) e.lastSeen = time;
    if (time < e.firstSeen) e.firstSeen = time;
  }

  get(entity: EntityRef): EntitySeen | undefined {
    return this.byKind.get(entity.kind)?.get(entity.id);
  }

  /** How many entities of a kind were seen since `since` (the denominator of rarity statements). */
  count(kind: EntityKind, since = Number.NEGATIVE_INFINITY): number {
    const m = this.byKind.get(kind);
    if (m === undefined) return 0;
    if (since === Number.NEGATIVE_INFINITY) return m.size;
    let n = 0;
    for (const e of m.values()) if (e.lastSeen >= since) n++;
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
    this.total = 0;
    for (const [kind, id, firstSeen, lastSeen, events] of snap) {
      this.observe({ kind, id }, firstSeen);
      const e = this.get({ kind, id });
      if (e) {
        e.lastSeen = lastSeen;
        e.events = events;
      }
    }
  }
}
