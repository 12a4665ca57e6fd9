import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { createEnricher } from '../src/enrich/index.js';
import type { Event } from '../src/events/event.js';
import { detectDecoder } from '../src/sources/formats.js';

/**
 * Where the shared real Zeek data sets live (each folder has a PROVENANCE.md): ../shared beside the
 * repository, whether this runs from bench/ under tsx or from dist/bench/ once compiled.
 */
export const ZEEK_DATA = zeekData();

function zeekData(): string {
  const parent = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const repo = basename(parent) === 'dist' ? dirname(parent) : parent;
  return resolve(repo, '../shared/data/zeek') + '/';
}

const LOG_TYPES = /(^|\/)(conn|http|ssl|dns|x509)[._]/;

/**
 * Decodes the conn, http, ssl, dns and x509 logs (or those `only` matches) under `dir` (recursively, plain or gzip) with the
 * project's own Zeek decoders, and returns the events sorted by time. For tests and benchmarks on
 * the shared real data; rejects are counted, not thrown.
 */
export function readZeekDir(dir: string, only: RegExp = LOG_TYPES): { events: Event[]; rejects: number } {
  const events: Event[] = [];
  let rejects = 0;
  for (const file of walk(dir)) {
    if (!only.test(file.slice(dir.length)) || file.includes('open_') || file.includes('summary')) continue;
    let buf = readFileSync(file);
    if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
    const text = buf.toString('utf8');
    const factory = detectDecoder(text.slice(0, 4096), file);
    if (factory === undefined) continue;
    const dec = factory.open(file, {
      event: (e) => events.push(e),
      reject: () => {
        rejects++;
      },
      skip: () => {},
    });
    let start = 0;
    let lineNo = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      lineNo++;
      dec.line(text.slice(start, end), lineNo);
      start = end + 1;
    }
    dec.end();
  }
  events.sort((a, b) => a.time - b.time);
  return { events, rejects };
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** Real benign Windows hosts (Stratosphere CTU-Normal captures, about a day each) and their addresses. */
export const CTU_NORMAL_HOSTS: readonly [string, string][] = [
  ['stratosphere-security-datasets/008-zeek-mixed', '147.32.81.167'],
  ['stratosphere-security-datasets/010-zeek-mixed', '147.32.83.234'],
  ['stratosphere-security-datasets/011-zeek-mixed', '147.32.83.165'],
  ['stratosphere-security-datasets/012-zeek-mixed', '147.32.83.161'],
];

export interface BenignNetworkOptions {
  /** Devices built from each real host. */
  devicesPerHost: number;
  /** Days each device replays its own host (the learning days); the next day it replays the next host. */
  ownDays: number;
  /** Start of the first day (ms). */
  start: number;
  /** Share of a host's endpoints that one device uses. */
  endpointShare: number;
  /** Share of the clock hours of a day that a device is switched on. */
  hourShare: number;
}

/**
 * A benign network made of real traffic in which devices differ, as real ones do. Each device is
 * built from one real host's day: it uses its own random share of that host's endpoints (an
 * endpoint is a registrable domain, or the IP when the host never named it, so a connection and
 * the TLS or HTTP that named it stay together) and is switched on for its own share of the hours
 * of each day. Popular endpoints therefore stay common, and the long tail of a host's endpoints
 * is rare on the network, which is what rarity models are judged against. After `ownDays` days the
 * device replays the next host's day through the same filter: a day of endpoints new to it, some
 * rare. Deterministic: the shares come from a hash of device, endpoint, day and hour.
 */
export function benignNetwork(o: BenignNetworkOptions): { events: Event[]; devices: string[] } {
  const days = ctuNormalDays();
  const out: Event[] = [];
  const devices: string[] = [];
  CTU_NORMAL_HOSTS.forEach((_, s) => {
    for (let k = 0; k < o.devicesPerHost; k++) {
      const device = `10.2.${s}.${k + 1}`;
      devices.push(device);
      for (let d = 0; d <= o.ownDays; d++) {
        const day = d < o.ownDays ? days[s]! : days[(s + 1) % days.length]!;
        replayShare(day, device, d, o, out);
      }
    }
  });
  out.sort((a, b) => a.time - b.time);
  return { events: out, devices };
}

let decodedDays: Event[][] | undefined;

/** Each CTU-Normal host's real day, moved to a placeholder address and enriched; decoded once. */
function ctuNormalDays(): Event[][] {
  if (decodedDays !== undefined) return decodedDays;
  const enrich = createEnricher();
  decodedDays = CTU_NORMAL_HOSTS.map(([dir, host]) => {
    const day: Event[] = [];
    for (const e of readZeekDir(ZEEK_DATA + dir).events) {
      if (e.kind === 'net.x509' || !('src' in e) || e.src !== host) continue;
      const moved = { ...e, src: '10.9.9.9', entity: { kind: 'device', id: '10.9.9.9' } } as Event;
      enrich(moved);
      day.push(moved);
    }
    return day;
  });
  return decodedDays;
}

/** A real capture with a known infected host (its addresses, as the capture's PROVENANCE.md names them). */
export interface InfectedCapture {
  dir: string;
  hosts: readonly string[];
}

/**
 * One more device for `benignNetwork`, infected on the judged day: during the learning days it
 * lives like the others (its own share of the first CTU-Normal host's endpoints and hours); on the
 * judged day, instead of another benign host's day, it replays everything the real infected host
 * of `capture` originated, unfiltered, from the start of that day with the capture's own timing.
 * So a detection has to single the infected host out among devices whose judged day is also new.
 */
export function infectedDevice(
  o: BenignNetworkOptions,
  capture: InfectedCapture,
  device: string,
): { events: Event[]; hostEvents: number } {
  const out: Event[] = [];
  const own = ctuNormalDays()[0]!;
  for (let d = 0; d < o.ownDays; d++) replayShare(own, device, d, o, out);
  const enrich = createEnricher();
  const hosts = new Set(capture.hosts);
  const infected: Event[] = [];
  for (const e of readZeekDir(ZEEK_DATA + capture.dir + '/').events) {
    if (e.kind === 'net.x509' || !('src' in e) || !hosts.has(e.src)) continue;
    // Labelled copies of conn.log repeat its records.
    if (e.kind === 'net.conn' && e.source.input.includes('labeled-conn')) continue;
    infected.push(e);
  }
  if (infected.length === 0) return { events: out, hostEvents: 0 };
  const t0 = infected[0]!.time;
  const start = o.start + o.ownDays * 86_400_000;
  for (const e of infected) {
    const moved = { ...e, src: device, entity: { kind: 'device', id: device }, time: start + (e.time - t0) } as Event;
    enrich(moved);
    out.push(moved);
  }
  return { events: out, hostEvents: infected.length };
}

function replayShare(day: readonly Event[], device: string, d: number, o: BenignNetworkOptions, out: Event[]): void {
  const names = new Map<string, string>();
  for (const e of day) {
    const dom = e.kind === 'net.tls' ? e.serverDomain : e.kind === 'net.http' ? e.hostDomain : undefined;
    if (dom !== undefined && 'dst' in e && !names.has(e.dst)) names.set(e.dst, dom);
  }
  const t0 = day[0]!.time;
  const start = o.start + d * 86_400_000;
  for (const e of day) {
    if (!('dst' in e)) continue;
    const dom = e.kind === 'net.tls' ? e.serverDomain : e.kind === 'net.http' ? e.hostDomain : undefined;
    const endpoint = dom ?? names.get(e.dst) ?? e.dst;
    if (share(device + ' ' + endpoint) >= o.endpointShare) continue;
    const at = start + (e.time - t0);
    if (share(`${device} ${d} ${Math.floor(at / 3_600_000)}`) >= o.hourShare) continue;
    out.push({ ...e, src: device, entity: { kind: 'device', id: device }, time: at } as Event);
  }
}

/** A deterministic value in [0, 1) for a string (FNV-1a, then mixed). */
function share(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3), so strings that differ only at the end land far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}
