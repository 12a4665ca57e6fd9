/**
 * Beacon tracking per (device, endpoint) pair, incremental and bounded.
 *
 * Each pair keeps counters (first/last time, sessions, failed sessions, POSTs, bytes out, distinct
 * hours) and, from its second session on, a ring of the last RING inter-session intervals (seconds)
 * and request sizes. Memory per pair is therefore constant (~300 bytes with rings, ~80 without), and
 * one-off pairs, the vast majority, never allocate rings. The pair map is capped at `maxPairs`:
 * when full, pairs idle for longer than `idleMs` go first, then the least recently active tenth.
 *
 * Failed sessions (no answer, rejected) count for timing, because a C2 implant keeps calling a
 * dead server on its schedule, but they do not add request sizes. Neither do sessions whose size
 * the log does not tell (a TLS handshake, an HTTP GET): a ring of zeros would look perfectly
 * regular and lend any endpoint a rhythm it does not have. Events within `mergeMs` of the
 * previous one (HTTP keep-alive, a page's parallel fetches) are one session, so bursts do not
 * masquerade as a rhythm. Nor does a long-lived connection: Zeek logs an idle TCP connection again
 * each time traffic resumes after its inactivity timeout, as a record with no handshake (`OTH`)
 * from the same source port. Such a record continues the pair's last connection (a push
 * service's keep-alive, an open MQTT or WebSocket channel) and is not a new session; a beacon
 * opens a new connection every time.
 */

export const RING = 32;

export interface PairState {
  first: number;
  last: number;
  sessions: number;
  failed: number;
  posts: number;
  bytesOut: number;
  /** Distinct clock hours with at least one session. */
  hours: number;
  lastHour: number;
  /** Source port of the last TCP connection, -1 when unknown. */
  port: number;
  /** Ring of intervals between sessions, in seconds (allocated from the second session). */
  intervals?: Uint32Array;
  /** Ring of bytes sent per session (allocated with `intervals`). */
  sizes?: Uint32Array;
  /** Filled entries of the rings, and the next write position. */
  n: number;
  pos: number;
  sizeN: number;
  sizePos: number;
}

export interface BeaconScore {
  /** 0..1 overall periodicity. */
  score: number;
  /** Regularity of intervals (quartile skew and median absolute deviation), 0..1. */
  intervalRegularity: number;
  /** Regularity of bytes sent, 0..1; undefined when fewer than 3 sessions had a known size. */
  sizeRegularity: number | undefined;
  /** Share of the clock hours between first and last session that had a session, 0..1. */
  coverage: number;
  /** Sessions counted towards `countTarget`, 0..1. */
  volume: number;
  medianIntervalS: number;
  sessions: number;
}

export interface BeaconTrackerOptions {
  maxPairs?: number;
  idleMs?: number;
  mergeMs?: number;
}

const HOUR = 3_600_000;
const scratch = new Float64Array(RING);
const SPREAD_TOLERANCE = 3;

export type BeaconSnapshot = [string, number[], number[], number[]][];

export class BeaconTracker {
  private readonly pairs = new Map<string, PairState>();
  private readonly maxPairs: number;
  private readonly idleMs: number;
  private readonly mergeMs: number;

  constructor(opts: BeaconTrackerOptions = {}) {
    this.maxPairs = opts.maxPairs ?? 2_000_000;
    this.idleMs = opts.idleMs ?? 7 * 24 * HOUR;
    this.mergeMs = opts.mergeMs ?? 1000;
  }

  get(key: string): PairState | undefined {
    return this.pairs.get(key);
  }

  get size(): number {
    return this.pairs.size;
  }

  /**
   * Record one session of `key` (device + endpoint). `bytesOut` is undefined when the log does not
   * tell it, and ignored for failed sessions. `srcPort` is the TCP source port of a connection
   * record (-1 otherwise) and `midstream` says Zeek saw no handshake for it.
   */
  observe(
    key: string,
    time: number,
    bytesOut: number | undefined,
    failed: boolean,
    post: boolean,
    srcPort = -1,
    midstream = false,
  ): void {
    let p = this.pairs.get(key);
    const hour = Math.floor(time / HOUR);
    if (p === undefined) {
      if (this.pairs.size >= this.maxPairs) this.evict(time);
      p = {
        first: time,
        last: time,
        sessions: 1,
        failed: failed ? 1 : 0,
        posts: post ? 1 : 0,
        bytesOut: bytesOut ?? 0,
        hours: 1,
        lastHour: hour,
        port: srcPort,
        n: 0,
        pos: 0,
        sizeN: 0,
        sizePos: 0,
      };
      this.pairs.set(key, p);
      return;
    }
    if (post) p.posts++;
    if (bytesOut !== undefined) p.bytesOut += bytesOut;
    if (midstream && srcPort >= 0 && srcPort === p.port) return;
    if (srcPort >= 0) p.port = srcPort;
    const gap = time - p.last;
    if (gap < this.mergeMs) {
      if (!failed && bytesOut !== undefined && p.sizes !== undefined && p.sizeN > 0) {
        const at = (p.sizePos + RING - 1) % RING;
        p.sizes[at] = Math.min(0xffffffff, p.sizes[at]! + bytesOut);
      }
      return;
    }
    p.sessions++;
    if (failed) p.failed++;
    if (p.intervals === undefined || p.sizes === undefined) {
      p.intervals = new Uint32Array(RING);
      p.sizes = new Uint32Array(RING);
    }
    p.intervals[p.pos] = Math.min(0xffffffff, Math.round(gap / 1000));
    p.pos = (p.pos + 1) % RING;
    if (p.n < RING) p.n++;
    if (!failed && bytesOut !== undefined) {
      p.sizes[p.sizePos] = Math.min(0xffffffff, bytesOut);
      p.sizePos = (p.sizePos + 1) % RING;
      if (p.sizeN < RING) p.sizeN++;
    }
    if (time > p.last) p.last = time;
    if (hour !== p.lastHour) {
      p.hours++;
      p.lastHour = hour;
    }
  }

  private evict(now: number): void {
    for (const [k, p] of this.pairs) if (now - p.last > this.idleMs) this.pairs.delete(k);
    if (this.pairs.size < this.maxPairs) return;
    const lasts = Array.from(this.pairs.values(), (p) => p.last).sort((a, b) => a - b);
    const bar = lasts[Math.floor(lasts.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [k, p] of this.pairs) if (p.last <= bar) this.pairs.delete(k);
  }

  snapshot(): BeaconSnapshot {
    const out: BeaconSnapshot = [];
    for (const [k, p] of this.pairs) {
      out.push([
        k,
        [
          p.first,
          p.last,
          p.sessions,
          p.failed,
          p.posts,
          p.bytesOut,
          p.hours,
          p.lastHour,
          p.n,
          p.pos,
          p.sizeN,
          p.sizePos,
          p.port,
        ],
        p.intervals ? Array.from(p.intervals) : [],
        p.sizes ? Array.from(p.sizes) : [],
      ]);
    }
    return out;
  }

  restore(snap: BeaconSnapshot): void {
    this.pairs.clear();
    for (const [k, c, iv, sz] of snap) {
      const [first, last, sessions, failed, posts, bytesOut, hours, lastHour, n, pos, sizeN, sizePos, port] = c as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number | undefined,
      ];
      // Snapshots of older builds kept no port.
      const p: PairState = {
        first,
        last,
        sessions,
        failed,
        posts,
        bytesOut,
        hours,
        lastHour,
        port: port ?? -1,
        n,
        pos,
        sizeN,
        sizePos,
      };
      if (iv.length === RING) p.intervals = Uint32Array.from(iv);
      if (sz.length === RING) p.sizes = Uint32Array.from(sz);
      this.pairs.set(k, p);
    }
  }
}

/**
 * How periodic a pair is. Intervals and sizes are judged by robust statistics, so jitter (a few
 * percent around the period) and gaps (the laptop slept) barely move them: Bowley's quartile skew
 * (0 for a symmetric spread) and the median absolute deviation relative to the median.
 * `countTarget` is the session count at which volume stops adding confidence. When sizes are
 * unknown their weight goes to the interval regularity: the score then rests on timing alone.
 * Coverage and volume only add confidence to a rhythm, so models also require
 * `intervalRegularity` itself to pass their own bar.
 */
export function beaconScore(p: PairState, countTarget = 24): BeaconScore {
  const intervalRegularity = p.intervals ? regularity(p.intervals, p.n) : 0;
  const median = p.intervals ? medianOf(p.intervals, p.n) : 0;
  const sizeRegularity = p.sizes && p.sizeN >= 3 ? regularity(p.sizes, p.sizeN) : undefined;
  const spanHours = Math.floor(p.last / HOUR) - Math.floor(p.first / HOUR) + 1;
  const coverage = Math.min(1, p.hours / spanHours);
  const volume = Math.min(1, p.sessions / countTarget);
  const rhythm =
    sizeRegularity === undefined ? 0.6 * intervalRegularity : 0.4 * intervalRegularity + 0.2 * sizeRegularity;
  const score = p.n < 3 ? 0 : rhythm + 0.15 * coverage + 0.25 * volume;
  return { score, intervalRegularity, sizeRegularity, coverage, volume, medianIntervalS: median, sessions: p.sessions };
}

function sorted(values: Uint32Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) scratch[i] = values[i]!;
  const view = scratch.subarray(0, n);
  view.sort();
  return view;
}

function quantile(s: Float64Array, q: number): number {
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}

function medianOf(values: Uint32Array, n: number): number {
  if (n === 0) return 0;
  return quantile(sorted(values, n), 0.5);
}

/** 1 for a perfectly regular series, towards 0 as it spreads or skews. */
function regularity(values: Uint32Array, n: number): number {
  if (n < 2) return 0;
  const s = sorted(values, n);
  const q1 = quantile(s, 0.25);
  const q2 = quantile(s, 0.5);
  const q3 = quantile(s, 0.75);
  const iqr = q3 - q1;
  const skew = iqr === 0 ? 0 : Math.abs((q3 + q1 - 2 * q2) / iqr);
  for (let i = 0; i < n; i++) s[i] = Math.abs(s[i]! - q2);
  s.sort();
  const mad = quantile(s, 0.5);
  const spread = q2 === 0 ? (mad === 0 ? 0 : 1) : mad / q2;
  // A uniform random series has a symmetric spread (skew 0) but MAD at half the median; real
  // beacons with jitter stay within a tenth or so. The spread term therefore dominates and falls
  // to 0 at MAD = median / SPREAD_TOLERANCE.
  return 0.3 * (1 - skew) + 0.7 * Math.max(0, 1 - SPREAD_TOLERANCE * spread);
}
