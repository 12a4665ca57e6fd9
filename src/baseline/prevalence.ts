/**
 * Network-wide prevalence: how many distinct internal entities touched a thing (an external
 * endpoint, domain, ASN, JA3, user agent, country, app...) within the learning window, and when
 * the thing was first seen by anyone.
 *
 * Bounded memory: each thing remembers at most `maxToucherPerThing` touchers (beyond that it is
 * simply "common", which is all rarity needs to know); touchers not seen for the window are dropped
 * when the thing is read or swept; and at most `maxThings` things are kept, evicting the least
 * recently touched in bulk when the cap is hit. All times are event time.
 *
 * A thing is named by a prefix, its text up to and including the first colon (`ip:`, `dom:`), and
 * a name, the rest (`203.0.113.9`). Both forms reach the same thing: `touch('ip:' + address)` and
 * `touchNamed('ip:', address)`. Things are kept by prefix, then by name, so that the network
 * baseline, which holds an event's address or domain as a string it has already looked up, need not
 * build `ip:<address>` on every event: a freshly joined string is copied and hashed before each
 * lookup, several times the cost of the lookup itself.
 *
 * This is the one narrow interface to network-wide state (DESIGN §6): a distributed deployment
 * replaces it with one backed by the shared store.
 */

export interface PrevalenceOptions {
  /** Learning window in ms: touches older than this no longer count. */
  windowMs: number;
  maxTouchersPerThing?: number;
  maxThings?: number;
}

export interface PrevalenceReading {
  /** Distinct touchers within the window, capped at maxTouchersPerThing. */
  touchers: number;
  /** True when the count hit the cap (the thing is common). */
  saturated: boolean;
  /** First time anyone touched it, or undefined if never. */
  firstSeen?: number;
  lastSeen?: number;
}

interface ThingState {
  first: number;
  last: number;
  /**
   * No toucher's last touch is older than this (a lower bound, exact after each expiry scan). Reads
   * come several times per event and a common thing holds up to `maxTouchersPerThing` touchers, so
   * the scan runs only when this says something may have left the window.
   */
  oldest: number;
  /** toucher id -> last touch time */
  touchers: Map<string, number>;
}

export interface PrevalenceSnapshot {
  windowMs: number;
  things: [string, number, number, [string, number][]][];
}

export class Prevalence {
  readonly windowMs: number;
  private readonly maxTouchers: number;
  private readonly maxThings: number;
  /** prefix -> name -> state */
  private readonly byPrefix = new Map<string, Map<string, ThingState>>();
  private count = 0;

  constructor(opts: PrevalenceOptions) {
    this.windowMs = opts.windowMs;
    this.maxTouchers = opts.maxTouchersPerThing ?? 64;
    this.maxThings = opts.maxThings ?? 2_000_000;
  }

  /** Record that `toucher` (a device IP, a user) touched `thing` at `time`. */
  touch(thing: string, toucher: string, time: number): void {
    const cut = thing.indexOf(':') + 1;
    this.touchNamed(thing.slice(0, cut), thing.slice(cut), toucher, time);
  }

  /** `touch` of the thing `prefix + name`. */
  touchNamed(prefix: string, name: string, toucher: string, time: number): void {
    let names = this.byPrefix.get(prefix);
    if (names === undefined) {
      names = new Map();
      this.byPrefix.set(prefix, names);
    }
    let st = names.get(name);
    if (st === undefined) {
      if (this.count >= this.maxThings) this.evictOldest(time);
      st = { first: time, last: time, oldest: time, touchers: new Map() };
      names.set(name, st);
      this.count++;
    } else {
      if (time < st.first) st.first = time;
      if (time > st.last) st.last = time;
    }
    const prev = st.touchers.get(toucher);
    if (prev !== undefined) {
      if (time > prev) st.touchers.set(toucher, time);
      return;
    }
    if (st.touchers.size >= this.maxTouchers) this.dropExpired(st, time);
    if (st.touchers.size < this.maxTouchers) {
      st.touchers.set(toucher, time);
      if (time < st.oldest) st.oldest = time;
    }
  }

  /** Prevalence of `thing` as of `now` (event time). */
  read(thing: string, now: number): PrevalenceReading {
    const cut = thing.indexOf(':') + 1;
    return this.readNamed(thing.slice(0, cut), thing.slice(cut), now);
  }

  /** `read` of the thing `prefix + name`. */
  readNamed(prefix: string, name: string, now: number): PrevalenceReading {
    const st = this.byPrefix.get(prefix)?.get(name);
    if (st === undefined) return { touchers: 0, saturated: false };
    this.dropExpired(st, now);
    return {
      touchers: st.touchers.size,
      saturated: st.touchers.size >= this.maxTouchers,
      firstSeen: st.first,
      lastSeen: st.last,
    };
  }

  /** Whether `toucher` touched `thing` within the window before `now`. */
  touchedBy(thing: string, toucher: string, now: number): boolean {
    const cut = thing.indexOf(':') + 1;
    return this.touchedByNamed(thing.slice(0, cut), thing.slice(cut), toucher, now);
  }

  /** `touchedBy` of the thing `prefix + name`. */
  touchedByNamed(prefix: string, name: string, toucher: string, now: number): boolean {
    const t = this.byPrefix.get(prefix)?.get(name)?.touchers.get(toucher);
    return t !== undefined && now - t <= this.windowMs;
  }

  get size(): number {
    return this.count;
  }

  private dropExpired(st: ThingState, now: number): void {
    const cutoff = now - this.windowMs;
    if (st.oldest >= cutoff) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [who, t] of st.touchers) {
      if (t < cutoff) st.touchers.delete(who);
      else if (t < oldest) oldest = t;
    }
    st.oldest = oldest;
  }

  /** Drop the least recently touched tenth of things (rare, bulk, so amortised O(1) per touch). */
  private evictOldest(now: number): void {
    const cutoff = now - this.windowMs;
    this.dropWhere((st) => st.last < cutoff);
    if (this.count < this.maxThings) return;
    const lasts: number[] = [];
    for (const names of this.byPrefix.values()) for (const st of names.values()) lasts.push(st.last);
    lasts.sort((a, b) => a - b);
    const bar = lasts[Math.floor(lasts.length / 10)] ?? Number.POSITIVE_INFINITY;
    this.dropWhere((st) => st.last <= bar);
  }

  private dropWhere(drop: (st: ThingState) => boolean): void {
    for (const names of this.byPrefix.values()) {
      for (const [name, st] of names) {
        if (drop(st)) {
          names.delete(name);
          this.count--;
        }
      }
    }
  }

  snapshot(): PrevalenceSnapshot {
    const things: PrevalenceSnapshot['things'] = [];
    for (const [prefix, names] of this.byPrefix) {
      for (const [name, st] of names) things.push([prefix + name, st.first, st.last, Array.from(st.touchers)]);
    }
    return { windowMs: this.windowMs, things };
  }

  restore(snap: PrevalenceSnapshot): void {
    this.byPrefix.clear();
    this.count = 0;
    for (const [k, first, last, touchers] of snap.things) {
      let oldest = Number.POSITIVE_INFINITY;
      for (const [, t] of touchers) if (t < oldest) oldest = t;
      const cut = k.indexOf(':') + 1;
      const prefix = k.slice(0, cut);
      const name = k.slice(cut);
      let names = this.byPrefix.get(prefix);
      if (names === undefined) {
        names = new Map();
        this.byPrefix.set(prefix, names);
      }
      if (!names.has(name)) this.count++;
      names.set(name, { first, last, oldest, touchers: new Map(touchers) });
    }
  }
}
