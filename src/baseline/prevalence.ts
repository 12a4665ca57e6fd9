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
  private readonly things = new Map<string, ThingState>();

  constructor(opts: PrevalenceOptions) {
    this.windowMs = opts.windowMs;
    this.maxTouchers = opts.maxTouchersPerThing ?? 64;
    this.maxThings = opts.maxThings ?? 2_000_000;
  }

  /** Record that `toucher` (a device IP, a user) touched `thing` at `time`. */
  touch(thing: string, toucher: string, time: number): void {
    let st = this.things.get(thing);
    if (st === undefined) {
      if (this.things.size >= this.maxThings) this.evictOldest(time);
      st = { first: time, last: time, oldest: time, touchers: new Map() };
      this.things.set(thing, st);
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
    const st = this.things.get(thing);
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
    const t = this.things.get(thing)?.touchers.get(toucher);
    return t !== undefined && now - t <= this.windowMs;
  }

  get size(): number {
    return this.things.size;
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
    for (const [k, st] of this.things) if (st.last < cutoff) this.things.delete(k);
    if (this.things.size < this.maxThings) return;
    const lasts = Array.from(this.things.values(), (s) => s.last).sort((a, b) => a - b);
    const bar = lasts[Math.floor(lasts.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [k, st] of this.things) if (st.last <= bar) this.things.delete(k);
  }

  snapshot(): PrevalenceSnapshot {
    const things: PrevalenceSnapshot['things'] = [];
    for (const [k, st] of this.things) things.push([k, st.first, st.last, Array.from(st.touchers)]);
    return { windowMs: this.windowMs, things };
  }

  restore(snap: PrevalenceSnapshot): void {
    this.things.clear();
    for (const [k, first, last, touchers] of snap.things) {
      let oldest = Number.POSITIVE_INFINITY;
      for (const [, t] of touchers) if (t < oldest) oldest = t;
      this.things.set(k, { first, last, oldest, touchers: new Map(touchers) });
    }
  }
}
