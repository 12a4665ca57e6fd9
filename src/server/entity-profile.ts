import { hostNameOf } from '../baseline/network/keys.js';
import type { BaselineView } from '../baseline/view.js';
import type { EntityKind, EntityRef, Event } from '../events/event.js';
import type { Breach } from '../models/breach.js';

export interface DestinationSummary {
  /** Host name when the traffic named one, else the IP. */
  endpoint: string;
  connections: number;
  bytesOut: number;
  firstSeen: number;
  lastSeen: number;
  /** Internal devices that touched it within the learning window (from the network-wide prevalence). */
  devices?: number;
  /** Devices known in all, the denominator of `devices`. */
  ofDevices?: number;
}

export interface IntervalHistogram {
  endpoint: string;
  /** Gaps between consecutive connections, counted into `BEACON_BUCKETS`. */
  counts: number[];
  /** Median gap in seconds. */
  medianSeconds: number;
}

export interface LoginPoint {
  time: number;
  success: boolean;
  ip?: string;
  country?: string;
  asn?: number;
  asOrg?: string;
}

/** A device, user or agent whose events touched the entity of the page. */
export interface Toucher {
  kind: EntityKind;
  id: string;
  events: number;
  firstSeen: number;
  lastSeen: number;
}

/** A breach that names the entity among its related ones, for the page to link. */
export interface NamingBreach {
  id: string;
  model: string;
  time: number;
  score: number;
  entity: EntityRef;
}

export interface FirstLastSeen {
  firstSeen: number;
  lastSeen: number;
  events: number;
}

export interface EntityProfile {
  entity: EntityRef;
  /** From the engine's baselines, or for endpoints, apps and AI apps from the stored events that touch them. */
  seen?: FirstLastSeen;
  eventsShown: number;
  byKind: Record<string, number>;
  destinations: DestinationSummary[];
  beaconIntervals: IntervalHistogram[];
  logins: LoginPoint[];
  prompts: {
    total: number;
    perDay: { day: string; count: number }[];
    apps: { app: string; count: number }[];
    categories: { category: string; count: number }[];
  };
  breaches: { model: string; count: number; maxScore: number }[];
  /** Breaches of other entities that name this one (newest first). */
  namedIn: NamingBreach[];
  /** For endpoints, apps and AI apps: who touched it, most events first. */
  touchedBy?: Toucher[];
}

/** Kinds that own no events: their pages are drawn from the events of whoever touched them. */
const TOUCHED: ReadonlySet<EntityKind> = new Set(['endpoint', 'app', 'ai-app']);

const phrase = (v: string) => `"${v.replace(/[\\"]/g, '\\$&')}"`;

/**
 * The search (src/search) for stored events that touch an endpoint, app or AI app, or undefined
 * for the kinds that own their events. An endpoint is an IP or a name: the far side of a
 * connection, an HTTP host, a TLS server name, a DNS query, a SaaS client address, or the
 * registrable domain of one of those names.
 */
export function touchingQuery(entity: EntityRef): string | undefined {
  const v = phrase(entity.id);
  switch (entity.kind) {
    case 'endpoint':
      return ['dst', 'host', 'serverName', 'query', 'ip', 'hostDomain', 'serverDomain', 'queryDomain']
        .map((f) => `${f}:${v}`)
        .join(' OR ');
    case 'app':
      // Prompts carry their AI tool in `app` too; an OAuth app is named by sign-ins and admin operations.
      return `NOT kind:ai.prompt AND (app:${v} OR targetApp.id:${v} OR targetApp.name:${v})`;
    case 'ai-app':
      return `kind:ai.prompt AND app:${v}`;
    default:
      return undefined;
  }
}

/** Does the breach name `entity` among its related entities? */
export function namesEntity(b: Breach, entity: EntityRef): boolean {
  return b.related?.some((r) => r.kind === entity.kind && r.id === entity.id) ?? false;
}

/** Touchers listed on a page at most. */
const TOP_TOUCHERS = 50;

/** Upper edges, in seconds, of the beacon-interval histogram buckets (the last is open). */
export const BEACON_BUCKETS = [10, 30, 60, 120, 300, 600, 1800, 3600, 6 * 3600, Number.POSITIVE_INFINITY];

const TOP_DESTINATIONS = 15;
const HISTOGRAMS = 4;
/** Fewer connections than this do not make a rhythm worth drawing. */
const MIN_CONNECTIONS_FOR_RHYTHM = 4;

interface DestAcc {
  d: DestinationSummary;
  times: number[];
  name?: string;
  /** Absent for a host reached through a proxy. */
  ip?: string;
}

function count<K>(m: Map<K, number>, k: K): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function sorted<K>(m: Map<K, number>): [K, number][] {
  return [...m].sort((a, b) => b[1] - a[1]);
}

function histogram(endpoint: string, times: number[]): IntervalHistogram {
  const ts = [...times].sort((a, b) => a - b);
  const gaps: number[] = [];
  for (let i = 1; i < ts.length; i++) gaps.push((ts[i]! - ts[i - 1]!) / 1000);
  const counts = BEACON_BUCKETS.map(() => 0);
  for (const g of gaps) {
    const b = BEACON_BUCKETS.findIndex((edge) => g < edge);
    counts[b]!++;
  }
  const sortedGaps = [...gaps].sort((a, b) => a - b);
  return { endpoint, counts, medianSeconds: sortedGaps[Math.floor(sortedGaps.length / 2)] ?? 0 };
}

/**
 * The pattern of life shown on an entity page, from the entity's stored events, its breaches and,
 * when the engine runs in-process, the network-wide prevalence. Rarity is read as of the newest
 * event shown, so the same data always draws the same page.
 */
export function entityProfile(
  entity: EntityRef,
  events: readonly Event[],
  breaches: readonly Breach[],
  baselines: BaselineView | undefined,
  /** First and last seen from the store, for entities the baselines do not track. */
  stored?: FirstLastSeen,
): EntityProfile {
  const byKind = new Map<string, number>();
  const dests = new Map<string, DestAcc>();
  const conns: Event[] = [];
  const appLayer: Event[] = [];
  /** HTTP and TLS through an internal proxy: the host name is the destination, the proxy is not. */
  const proxied: { time: number; name: string }[] = [];
  /** External IP -> the host name the application layer gave it (HTTP Host, TLS SNI). */
  const namesOf = new Map<string, string>();
  const logins: LoginPoint[] = [];
  const promptDays = new Map<string, number>();
  const apps = new Map<string, number>();
  const categories = new Map<string, number>();
  let prompts = 0;
  let newest = Number.NEGATIVE_INFINITY;

  const touchers = new Map<string, Toucher>();
  const touched = TOUCHED.has(entity.kind);

  for (const e of events) {
    count(byKind, e.kind);
    if (e.time > newest) newest = e.time;
    if (touched) {
      const key = `${e.entity.kind}\u0000${e.entity.id}`;
      const t = touchers.get(key);
      if (t === undefined) touchers.set(key, { ...e.entity, events: 1, firstSeen: e.time, lastSeen: e.time });
      else {
        t.events++;
        if (e.time < t.firstSeen) t.firstSeen = e.time;
        if (e.time > t.lastSeen) t.lastSeen = e.time;
      }
    }
    switch (e.kind) {
      case 'net.conn':
      case 'net.http':
      case 'net.tls':
        if (e.direction === 'inbound') break;
        if (e.direction === 'internal') {
          const name = e.kind === 'net.conn' ? undefined : hostNameOf(e.kind === 'net.http' ? e.host : e.serverName);
          if (name !== undefined) proxied.push({ time: e.time, name });
          break;
        }
        if (e.kind === 'net.conn') conns.push(e);
        else {
          const name = e.kind === 'net.http' ? e.host : e.serverName;
          if (name !== undefined && name !== '' && name !== e.dst) namesOf.set(e.dst, name.toLowerCase());
          appLayer.push(e);
        }
        break;
      case 'saas.login':
        logins.push({
          time: e.time,
          success: e.success,
          ip: e.ip,
          country: e.country ?? e.ipContext?.country,
          asn: e.asn ?? e.ipContext?.asn,
          asOrg: e.ipContext?.asOrg,
        });
        break;
      case 'ai.prompt':
        prompts++;
        count(promptDays, new Date(e.time).toISOString().slice(0, 10));
        count(apps, e.app ?? 'unknown');
        for (const f of e.findings ?? []) count(categories, f.category);
        break;
      default:
        break;
    }
  }

  // Each connection once: conn.log when the entity has it, else the HTTP and TLS records.
  for (const e of conns.length > 0 ? conns : appLayer) {
    if (e.kind !== 'net.conn' && e.kind !== 'net.http' && e.kind !== 'net.tls') continue;
    let acc = dests.get(e.dst);
    if (acc === undefined) {
      const name = namesOf.get(e.dst);
      acc = {
        d: { endpoint: name ?? e.dst, connections: 0, bytesOut: 0, firstSeen: e.time, lastSeen: e.time },
        times: [],
        ip: e.dst,
        ...(name !== undefined ? { name } : {}),
      };
      dests.set(e.dst, acc);
    }
    acc.d.connections++;
    acc.times.push(e.time);
    if (e.kind === 'net.conn') acc.d.bytesOut += e.bytesOut ?? 0;
    if (e.time < acc.d.firstSeen) acc.d.firstSeen = e.time;
    if (e.time > acc.d.lastSeen) acc.d.lastSeen = e.time;
  }

  for (const { time, name } of proxied) {
    const key = `name:${name}`;
    let acc = dests.get(key);
    if (acc === undefined) {
      acc = { d: { endpoint: name, connections: 0, bytesOut: 0, firstSeen: time, lastSeen: time }, times: [], name };
      dests.set(key, acc);
    }
    acc.d.connections++;
    acc.times.push(time);
    if (time < acc.d.firstSeen) acc.d.firstSeen = time;
    if (time > acc.d.lastSeen) acc.d.lastSeen = time;
  }

  const top = [...dests.values()].sort((a, b) => b.d.connections - a.d.connections).slice(0, TOP_DESTINATIONS);
  if (baselines !== undefined) {
    const ofDevices = baselines.entities.count('device');
    for (const a of top) {
      const r = baselines.prevalence.read(a.name !== undefined ? `host:${a.name}` : `ip:${a.ip!}`, newest);
      a.d.devices = r.touchers;
      a.d.ofDevices = ofDevices;
    }
  }

  const breachModels = new Map<string, { count: number; maxScore: number }>();
  for (const b of breaches) {
    const m = breachModels.get(b.model) ?? { count: 0, maxScore: 0 };
    m.count++;
    m.maxScore = Math.max(m.maxScore, b.score);
    breachModels.set(b.model, m);
  }

  const learned = baselines?.entities.get(entity);
  const seen = learned ? { firstSeen: learned.firstSeen, lastSeen: learned.lastSeen, events: learned.events } : stored;
  const namedIn = breaches
    .filter((b) => namesEntity(b, entity))
    .sort((a, b) => b.time - a.time)
    .map((b) => ({ id: b.id, model: b.model, time: b.time, score: b.score, entity: b.entity }));
  return {
    entity,
    ...(seen ? { seen } : {}),
    eventsShown: events.length,
    byKind: Object.fromEntries(byKind),
    destinations: top.map((a) => a.d),
    beaconIntervals: top
      .filter((a) => a.times.length >= MIN_CONNECTIONS_FOR_RHYTHM)
      .slice(0, HISTOGRAMS)
      .map((a) => histogram(a.d.endpoint, a.times)),
    logins: logins.sort((a, b) => a.time - b.time),
    prompts: {
      total: prompts,
      perDay: [...promptDays].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([day, c]) => ({ day, count: c })),
      apps: sorted(apps).map(([app, c]) => ({ app, count: c })),
      categories: sorted(categories).map(([category, c]) => ({ category, count: c })),
    },
    breaches: [...breachModels].map(([model, m]) => ({ model, ...m })).sort((a, b) => b.count - a.count),
    namedIn,
    ...(touched
      ? {
          touchedBy: [...touchers.values()]
            .sort((a, b) => b.events - a.events || a.id.localeCompare(b.id))
            .slice(0, TOP_TOUCHERS),
        }
      : {}),
  };
}
