import { createHash } from 'node:crypto';
import type { EntityKind, EntityRef, Event } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { ModelMeta } from '../models/model.js';
import { allModels } from '../models/registry.js';
import {
  AlertRate,
  type AlertRateOptions,
  type AlertRateSignal,
  type AlertRateSnapshot,
  DEFAULT_ALERT_RATE,
} from './alertRate.js';
import type { Incident } from './incident.js';
import { breachLinks, DEFAULT_SHARED_KINDS, isInternal, normalEntity } from './links.js';
import { DEFAULT_LOGONS, deviceLogonOf, type LogonOptions, Logons } from './logons.js';
import { type Tactic, tacticsOf, tacticsReached } from './mitre.js';
import { buildNarrative, type DescribeModel } from './narrative.js';
import { breachRarity } from './rarity.js';
import { DEFAULT_SCORE_WEIGHTS, type IncidentScoreWeights, scoreIncident } from './score.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface AnalystOptions {
  /** How long after an entity's last breach a new breach of it still joins its incident. */
  entityWindowMs: number;
  /** How long a shared external thing (rare endpoint, attacker IP, OAuth app) links different entities. */
  sharedWindowMs: number;
  /** An incident closes when no breach joined it for this long (event time). */
  closeAfterMs: number;
  /**
   * A shared thing named by breaches of more internal entities than this within its window is
   * infrastructure (a proxy, a popular service), not one attacker: it stops linking.
   */
  maxEntitiesPerSharedLink: number;
  /** Internal entities an incident may reach before shared things stop adding new ones to it. */
  maxEntitiesPerIncident: number;
  /** Breaches kept in full per incident for scoring and narrative; later ones only add their id. */
  maxBreachesPerIncident: number;
  /** How long a device-user association (`associate`) lasts. */
  logonWindowMs: number;
  /** More users than this on one device within the window make it shared: it links none of them. */
  maxUsersPerDevice: number;
  /** More devices than this for one user within the window: the user links none of them. */
  maxDevicesPerUser: number;
  /** Devices whose sign-ins are remembered at most. */
  maxLogonDevices: number;
  alertRate: AlertRateOptions;
  score: IncidentScoreWeights;
  /** External entity kinds whose sharing links breaches of different entities. */
  sharedKinds: readonly EntityKind[];
  /** Model metadata for the narrative (known false positives). */
  describeModel: DescribeModel;
  /** Users logged in on a device at a time, when another layer knows it. */
  usersOnDevice?: (device: string, time: number) => readonly string[];
}

let metas: Map<string, ModelMeta> | undefined;

/** Model metadata by exact name, built once: the narrative asks for it on every incident change. */
function metaByName(): Map<string, ModelMeta> {
  metas ??= new Map(allModels().map((m) => [m.meta.name, m.meta as ModelMeta]));
  return metas;
}

export const DEFAULT_ANALYST_OPTIONS: AnalystOptions = {
  entityWindowMs: 7 * DAY,
  sharedWindowMs: 2 * DAY,
  closeAfterMs: 7 * DAY,
  maxEntitiesPerSharedLink: 10,
  maxEntitiesPerIncident: 25,
  maxBreachesPerIncident: 250,
  logonWindowMs: DEFAULT_LOGONS.windowMs,
  maxUsersPerDevice: DEFAULT_LOGONS.maxUsersPerDevice,
  maxDevicesPerUser: DEFAULT_LOGONS.maxDevicesPerUser,
  maxLogonDevices: DEFAULT_LOGONS.maxDevices,
  alertRate: DEFAULT_ALERT_RATE,
  score: DEFAULT_SCORE_WEIGHTS,
  sharedKinds: DEFAULT_SHARED_KINDS,
  describeModel: (name) => metaByName().get(name),
};

interface LinkEntry {
  incident: string;
  last: number;
  type: 'entity' | 'shared';
  /** Internal entities that named this shared thing within its window. */
  entities: string[];
}

interface OpenIncident {
  incident: Incident;
  breaches: Breach[];
  /** Breach ids of the incident, for constant-time duplicate checks. */
  ids: Set<string>;
  /** Link keys that pointed here, so that a merge re-points only its own links. */
  keys: Set<string>;
  /** Highest rarity stated by the evidence of its breaches (parsed once per breach). */
  rarity: number;
  entityKeys: Set<string>;
  internal: EntityRef[];
  external: EntityRef[];
  techniques: Set<string>;
  techniquesChanged: boolean;
  tactics: Tactic[];
}

interface StoredIncident {
  incident: Incident;
  breaches: Breach[];
  keys: string[];
  rarity: number;
}

interface AnalystSnapshot {
  open: StoredIncident[];
  links: [string, LinkEntry][];
  logons: [string, string, number][];
  alertRate: AlertRateSnapshot;
}

/**
 * Stitches breaches into incidents (pure, event time): a breach joins the open incident of its
 * entity, of the identities and devices it names, or of the rare external thing it shares with
 * breaches of other entities, within configurable windows; when it links several incidents they
 * merge into the oldest. Incidents close after a quiet spell. Ids derive from the first breach.
 */
export class Analyst {
  private readonly opts: AnalystOptions;
  private readonly open = new Map<string, OpenIncident>();
  private readonly links = new Map<string, LinkEntry>();
  /** Who was signed in on which device, both ways. */
  private readonly logons: Logons;
  private readonly alertRate: AlertRate;

  constructor(opts: Partial<AnalystOptions> = {}) {
    this.opts = { ...DEFAULT_ANALYST_OPTIONS, ...opts };
    this.alertRate = new AlertRate(this.opts.alertRate);
    const logons: LogonOptions = {
      windowMs: this.opts.logonWindowMs,
      maxUsersPerDevice: this.opts.maxUsersPerDevice,
      maxDevicesPerUser: this.opts.maxDevicesPerUser,
      maxDevices: this.opts.maxLogonDevices,
    };
    this.logons = new Logons(logons);
  }

  /** Tell the analyst a user was logged in on a device at a time (from directory or logon data). */
  associate(device: string, user: string, time: number): void {
    this.logons.add(device, user, time);
  }

  /** Learn from an event that names a device and the user on it (see deviceLogonOf); others are ignored. */
  observe(event: Event): void {
    const logon = deviceLogonOf(event);
    if (logon !== undefined) this.logons.add(logon.device, logon.user, event.time);
  }

  /** Feed one breach; returns the incidents created or changed by it (merged ones included). */
  onBreach(breach: Breach): Incident[] {
    const links = breachLinks(breach, (e) => this.associatedWith(e, breach.time), this.opts.sharedKinds);
    const entityKey = isInternal(breach.entity) ? breach.entity.kind + ':' + breach.entity.id : undefined;
    const candidates: string[] = [];
    for (const l of links) {
      const entry = this.links.get(l.key);
      if (entry === undefined) continue;
      const window = l.type === 'entity' ? this.opts.entityWindowMs : this.opts.sharedWindowMs;
      if (breach.time - entry.last > window || !this.open.has(entry.incident)) continue;
      if (l.type === 'shared' && (this.saturated(entry, entityKey) || this.crowded(entry.incident, breach.entity)))
        continue;
      if (!candidates.includes(entry.incident)) candidates.push(entry.incident);
    }

    const changed: Incident[] = [];
    let target: OpenIncident;
    if (candidates.length === 0) {
      target = this.create(breach);
    } else {
      const sorted = candidates
        .map((id) => this.open.get(id)!)
        .sort((a, b) => a.incident.start - b.incident.start || a.incident.id.localeCompare(b.incident.id));
      target = sorted[0]!;
      for (const other of sorted.slice(1)) changed.push(this.merge(other, target));
      this.add(target, breach);
    }

    for (const l of links) {
      const entry = this.links.get(l.key);
      const live = entry !== undefined && breach.time - entry.last <= this.windowOf(entry);
      if (!live || (entry.incident !== target.incident.id && !this.open.has(entry.incident))) {
        this.links.set(l.key, {
          incident: target.incident.id,
          last: breach.time,
          type: l.type,
          entities: entityKey ? [entityKey] : [],
        });
        target.keys.add(l.key);
        continue;
      }
      // A live link to another open incident is a saturated shared thing: it keeps counting, never joins.
      if (breach.time > entry.last) entry.last = breach.time;
      const room = entry.entities.length <= this.opts.maxEntitiesPerSharedLink;
      if (entityKey && room && !entry.entities.includes(entityKey)) entry.entities.push(entityKey);
    }

    const signal = this.alertRate.observe(breach.entity, breach.model, breach.time);
    if (signal) target.incident.signals = [...(target.incident.signals ?? []), signal];
    this.refresh(target);
    changed.unshift(target.incident);
    return changed;
  }

  /**
   * Learn from a breach raised in the learning period: it counts in its entity's usual breach rate
   * (so the first reported day is judged against the days before it) but joins no incident.
   */
  learn(breach: Breach): void {
    this.alertRate.observe(breach.entity, breach.model, breach.time);
  }

  /** Advance event time; returns incidents that closed. */
  advance(time: number): Incident[] {
    const closed: Incident[] = [];
    for (const [id, o] of this.open) {
      if (time - o.incident.end < this.opts.closeAfterMs) continue;
      o.incident.status = 'closed';
      this.open.delete(id);
      closed.push(o.incident);
    }
    for (const [key, entry] of this.links) {
      if (time - entry.last > this.windowOf(entry) || !this.open.has(entry.incident)) this.links.delete(key);
    }
    this.logons.prune(time);
    this.alertRate.prune(time);
    return closed;
  }

  /** Open incidents, oldest first. */
  openIncidents(): Incident[] {
    return [...this.open.values()].map((o) => o.incident).sort((a, b) => a.start - b.start);
  }

  /** The breaches kept in full for an open incident. */
  breachesOf(incidentId: string): readonly Breach[] {
    return this.open.get(incidentId)?.breaches ?? [];
  }

  snapshot(): unknown {
    const snap: AnalystSnapshot = {
      open: [...this.open.values()].map((o) => ({
        incident: o.incident,
        breaches: o.breaches,
        keys: [...o.keys],
        rarity: o.rarity,
      })),
      links: [...this.links],
      logons: this.logons.entries(),
      alertRate: this.alertRate.snapshot(),
    };
    return structuredClone(snap);
  }

  restore(state: unknown): void {
    const snap = structuredClone(state) as Partial<AnalystSnapshot>;
    this.open.clear();
    this.links.clear();
    this.logons.clear();
    for (const o of snap.open ?? []) {
      const entities = o.incident.entities;
      this.open.set(o.incident.id, {
        incident: o.incident,
        breaches: o.breaches,
        ids: new Set(o.incident.breaches),
        keys: new Set(o.keys),
        rarity: o.rarity,
        entityKeys: new Set(entities.map((e) => e.kind + ':' + e.id)),
        internal: entities.filter(isInternal),
        external: entities.filter((e) => !isInternal(e)),
        techniques: new Set(o.incident.mitre.techniques),
        techniquesChanged: false,
        tactics: tacticsOf(o.incident.mitre.techniques),
      });
    }
    for (const [k, v] of snap.links ?? []) this.links.set(k, v);
    for (const [d, u, t] of snap.logons ?? []) this.associate(d, u, t);
    this.alertRate.restore(snap.alertRate ?? []);
  }

  /** The devices of a user and the users of a device, signed in around a time: they link both ways. */
  private associatedWith(e: EntityRef, time: number): EntityRef[] {
    if (e.kind === 'user') return this.logons.devicesOf(e.id, time).map((id) => ({ kind: 'device', id }));
    if (e.kind !== 'device') return [];
    const users = new Set(this.logons.usersOn(e.id, time));
    for (const u of this.opts.usersOnDevice?.(e.id, time) ?? []) users.add(u.toLowerCase());
    return [...users].map((id) => ({ kind: 'user', id }));
  }

  private saturated(entry: LinkEntry, entityKey: string | undefined): boolean {
    if (entityKey === undefined || entry.entities.includes(entityKey)) return false;
    return entry.entities.length >= this.opts.maxEntitiesPerSharedLink;
  }

  /**
   * An incident that already spans many internal entities takes no new entity through a shared
   * thing alone: chains of weak shared links would otherwise snowball into one incident of everything.
   */
  private crowded(incidentId: string, entity: EntityRef): boolean {
    const inc = this.open.get(incidentId)?.incident;
    if (inc === undefined) return false;
    let internal = 0;
    for (const e of inc.entities) {
      if (!isInternal(e)) continue;
      if (e.kind === entity.kind && e.id === entity.id) return false;
      internal++;
    }
    return internal >= this.opts.maxEntitiesPerIncident;
  }

  private windowOf(entry: LinkEntry): number {
    return entry.type === 'entity' ? this.opts.entityWindowMs : this.opts.sharedWindowMs;
  }

  private create(breach: Breach): OpenIncident {
    const id = 'i-' + createHash('sha1').update('incident\u0000').update(breach.id).digest('hex').slice(0, 20);
    const o: OpenIncident = {
      incident: {
        id,
        title: '',
        score: 0,
        start: breach.time,
        end: breach.time,
        entities: [],
        breaches: [],
        mitre: { tactics: [], techniques: [] },
        summary: '',
        timeline: [],
        status: 'open',
      },
      breaches: [],
      ids: new Set(),
      keys: new Set(),
      rarity: 0,
      entityKeys: new Set(),
      internal: [],
      external: [],
      techniques: new Set(),
      techniquesChanged: false,
      tactics: [],
    };
    this.open.set(id, o);
    this.add(o, breach);
    return o;
  }

  private add(o: OpenIncident, breach: Breach): void {
    if (o.ids.has(breach.id)) return;
    o.ids.add(breach.id);
    o.incident.breaches.push(breach.id);
    if (breach.time < o.incident.start) o.incident.start = breach.time;
    if (breach.time > o.incident.end) o.incident.end = breach.time;
    if (o.breaches.length >= this.opts.maxBreachesPerIncident) return;
    // Kept in event-time order (ties by id) by insertion: breaches arrive almost in order.
    let i = o.breaches.length;
    while (i > 0 && before(breach, o.breaches[i - 1]!)) i--;
    o.breaches.splice(i, 0, breach);
    o.incident.timeline.splice(i, 0, {
      time: breach.time,
      breachId: breach.id,
      model: breach.model,
      entity: breach.entity,
      summary: breach.summary,
      score: breach.score,
    });
    o.rarity = Math.max(o.rarity, breachRarity(breach) ?? 0);
    let entitiesChanged = this.addEntity(o, breach.entity);
    for (const r of breach.related) entitiesChanged = this.addEntity(o, normalEntity(r)) || entitiesChanged;
    if (entitiesChanged) o.incident.entities = [...o.internal, ...o.external];
    for (const t of breach.mitre) {
      if (o.techniques.has(t)) continue;
      o.techniques.add(t);
      o.techniquesChanged = true;
    }
  }

  private addEntity(o: OpenIncident, e: EntityRef): boolean {
    const k = e.kind + ':' + e.id;
    if (o.entityKeys.has(k)) return false;
    o.entityKeys.add(k);
    (isInternal(e) ? o.internal : o.external).push(e);
    return true;
  }

  private merge(from: OpenIncident, into: OpenIncident): Incident {
    const kept = new Map(from.breaches.map((b) => [b.id, b]));
    for (const id of from.incident.breaches) {
      const b = kept.get(id);
      if (b) this.add(into, b);
      else if (!into.ids.has(id)) {
        into.ids.add(id);
        into.incident.breaches.push(id);
      }
    }
    if (from.incident.signals) into.incident.signals = [...(into.incident.signals ?? []), ...from.incident.signals];
    if (from.incident.start < into.incident.start) into.incident.start = from.incident.start;
    if (from.incident.end > into.incident.end) into.incident.end = from.incident.end;
    for (const key of from.keys) {
      const entry = this.links.get(key);
      if (entry?.incident !== from.incident.id) continue;
      entry.incident = into.incident.id;
      into.keys.add(key);
    }
    from.incident.status = 'closed';
    from.incident.mergedInto = into.incident.id;
    this.open.delete(from.incident.id);
    return from.incident;
  }

  /** Recompute what derives from all the breaches: ATT&CK, score and narrative. */
  private refresh(o: OpenIncident): void {
    const inc = o.incident;
    if (o.techniquesChanged) {
      const techniques = [...o.techniques].sort();
      o.tactics = tacticsOf(techniques);
      inc.mitre = { tactics: o.tactics.map((t) => t.shortName), techniques };
      o.techniquesChanged = false;
    }
    // Recomputed each time: a breach that arrives late may have reached a tactic earlier.
    const reached = tacticsReached(o.breaches);
    inc.mitre.reached = reached.map((r) => ({ tactic: r.tactic.shortName, time: r.time, breach: r.breach }));
    const signals: AlertRateSignal[] = inc.signals ?? [];
    inc.score = scoreIncident(o.breaches, o.tactics, signals, this.opts.score, o.rarity).score;
    const n = buildNarrative(o.breaches, o.tactics, signals, this.opts.describeModel);
    inc.title = n.title;
    inc.summary = n.summary;
  }
}

function before(a: Breach, b: Breach): boolean {
  return a.time < b.time || (a.time === b.time && a.id < b.id);
}
