/** When a user was first and last seen with a thing, and how often. */
export interface Seen {
  first: number;
  last: number;
  count: number;
}

export type SeenMap = Map<string, Seen>;

/** Bounded per user: a person has few usual places; beyond the cap the stalest is forgotten. */
export const MAX_PER_USER = 64;

export function remember(map: SeenMap, key: string, time: number): void {
  const s = map.get(key);
  if (s !== undefined) {
    s.count++;
    if (time > s.last) s.last = time;
    if (time < s.first) s.first = time;
    return;
  }
  if (map.size >= MAX_PER_USER) {
    let oldestKey: string | undefined;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [k, v] of map) {
      if (v.last < oldest) {
        oldest = v.last;
        oldestKey = k;
      }
    }
    if (oldestKey !== undefined) map.delete(oldestKey);
  }
  map.set(key, { first: time, last: time, count: 1 });
}

/** Whether `key` was seen within the window ending at `now`. */
export function seenWithin(map: SeenMap, key: string, now: number, windowMs: number): boolean {
  const s = map.get(key);
  return s !== undefined && now - s.last <= windowMs;
}

export interface Failure {
  time: number;
  ip?: string;
  country?: string;
  reason?: string;
}

export interface DayVolume {
  day: number;
  messages: number;
  internal: number;
  external: number;
  itemsAccessed: number;
}

export interface LastLogin {
  time: number;
  ip?: string;
  country?: string;
  lat?: number;
  lon?: number;
  networkClass?: string;
}

/** One user's pattern of life in Microsoft 365 / Entra ID. */
export interface UserProfile {
  firstSeen: number;
  lastSeen: number;
  logins: number;
  countries: SeenMap;
  asns: SeenMap;
  ranges: SeenMap;
  userAgents: SeenMap;
  clientApps: SeenMap;
  apps: SeenMap;
  /** Successful logins per UTC hour of day. */
  hours: number[];
  /** Recent failed logins, oldest first, bounded. */
  failures: Failure[];
  failuresTotal: number;
  lastLogin?: LastLogin;
  /** Admin operations by normalised action (add_service_principal, consent, ...). */
  adminActions: Record<string, number>;
  rulesCreated: number;
  /** Recent daily mail volumes, oldest first, bounded by the learning window. */
  days: DayVolume[];
  department?: string;
  manager?: string;
}

export function newProfile(time: number): UserProfile {
  return {
    firstSeen: time,
    lastSeen: time,
    logins: 0,
    countries: new Map(),
    asns: new Map(),
    ranges: new Map(),
    userAgents: new Map(),
    clientApps: new Map(),
    apps: new Map(),
    hours: new Array<number>(24).fill(0),
    failures: [],
    failuresTotal: 0,
    adminActions: {},
    rulesCreated: 0,
    days: [],
  };
}
