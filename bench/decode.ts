import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { openFileSource } from '../src/sources/files/fileSource.js';

/**
 * Zeek decode benchmark: a workload of >= 1M real Zeek records (conn, dns, http, ssl from the
 * shared data sets, replicated and time-shifted), decoded as TSV and as the equivalent JSON lines,
 * against the floor of bare line splitting + JSON.parse of the same JSON lines.
 */

const LOG_TYPES = ['conn', 'dns', 'http', 'ssl'] as const;
/** Data sets with real conn/dns/http/ssl TSV logs, relative to the Zeek data folder. */
const DATASETS = [
  'rita-missing-host-beacon',
  'rita-proxy-beacon/proxy_rolling',
  'rita-proxy-beacon/proxy',
  'wrccdc-2018-brim/zeek-default',
];
/** Each replica is shifted a week later than the previous one. */
const SHIFT_SECONDS = 7 * 24 * 3600;

export function zeekDataDir(): string {
  if (process.env.TELLTALE_ZEEK_DATA) return process.env.TELLTALE_ZEEK_DATA;
  // bench/ under tsx, dist/bench/ once compiled: the data sit beside the repository, in ../shared.
  const parent = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const repo = basename(parent) === 'dist' ? dirname(parent) : parent;
  return resolve(repo, '../shared/data/zeek');
}

interface SourceLog {
  name: string;
  header: string[];
  fields: string[];
  types: string[];
  rows: string[];
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out.sort();
}

/** All records of one log type in one data set (hourly files concatenated), with the first header. */
async function loadSource(dataset: string, type: string): Promise<SourceLog | undefined> {
  const root = join(zeekDataDir(), dataset);
  const files = (await filesUnder(root)).filter((f) => basename(f).startsWith(`${type}.`));
  let log: SourceLog | undefined;
  for (const f of files) {
    let bytes = await readFile(f);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    const lines = bytes.toString('utf8').split('\n');
    const header = lines.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
    const fields =
      header
        .find((l) => l.startsWith('#fields\t'))
        ?.split('\t')
        .slice(1) ?? [];
    const types =
      header
        .find((l) => l.startsWith('#types\t'))
        ?.split('\t')
        .slice(1) ?? [];
    if (log === undefined) log = { name: `${dataset.replaceAll('/', '-')}-${type}`, header, fields, types, rows: [] };
    else if (fields.join('\t') !== log.fields.join('\t')) continue;
    for (const l of lines) if (l.length > 0 && !l.startsWith('#')) log.rows.push(l);
  }
  return log;
}

function write(stream: WriteStream, text: string): Promise<void> {
  return new Promise((ok) => (stream.write(text) ? ok() : stream.once('drain', ok)));
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((ok, fail) => {
    stream.on('error', fail);
    stream.end(ok);
  });
}

/**
 * Writes replicas of the real conn/dns/http/ssl TSV logs into `dir` until they hold at least
 * `minEvents` records: replica k is shifted k weeks later and its uids carry a suffix, so that
 * replicas never collide. Returns the TSV files, in replica order.
 */
export async function buildWorkload(dir: string, minEvents: number): Promise<{ files: string[]; events: number }> {
  const sources: SourceLog[] = [];
  for (const dataset of DATASETS) {
    for (const type of LOG_TYPES) {
      const log = await loadSource(dataset, type);
      if (log !== undefined && log.rows.length > 0) sources.push(log);
    }
  }
  const perReplica = sources.reduce((n, s) => n + s.rows.length, 0);
  if (perReplica === 0) throw new Error(`no Zeek logs found under ${zeekDataDir()}`);
  const replicas = Math.ceil(minEvents / perReplica);
  const files: string[] = [];
  for (let k = 0; k < replicas; k++) {
    const replicaDir = join(dir, `replica-${String(k).padStart(3, '0')}`);
    await mkdir(replicaDir, { recursive: true });
    for (const s of sources) {
      const path = join(replicaDir, `${s.name}.log`);
      const out = createWriteStream(path);
      await write(out, `${s.header.join('\n')}\n`);
      const tsCol = s.fields.indexOf('ts');
      const uidCol = s.fields.indexOf('uid');
      const shift = k * SHIFT_SECONDS;
      let chunk = '';
      for (const row of s.rows) {
        const cols = row.split('\t');
        if (k > 0) {
          cols[tsCol] = (Number(cols[tsCol]) + shift).toFixed(6);
          if (uidCol >= 0) cols[uidCol] = `${cols[uidCol]}${k.toString(36)}`;
        }
        chunk += `${cols.join('\t')}\n`;
        if (chunk.length > 1 << 20) {
          await write(out, chunk);
          chunk = '';
        }
      }
      await write(out, chunk);
      await close(out);
      files.push(path);
    }
  }
  return { files, events: perReplica * replicas };
}

/** The Zeek JSON writer's rendering of one TSV value of Zeek type `type`. */
function jsonValue(raw: string, type: string): unknown {
  if (raw === '-') return undefined;
  if (type.startsWith('set[') || type.startsWith('vector[')) return raw === '(empty)' ? [] : raw.split(',');
  if (type === 'bool') return raw === 'T';
  if (
    type === 'count' ||
    type === 'port' ||
    type === 'int' ||
    type === 'double' ||
    type === 'interval' ||
    type === 'time'
  )
    return Number(raw);
  return raw === '(empty)' ? '' : raw;
}

/** The same records as Zeek JSON lines (with `_path`), one JSON file per TSV file. */
export async function toJson(tsvFiles: string[], dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const f of tsvFiles) {
    const text = await readFile(f, 'utf8');
    const lines = text.split('\n');
    const fields = lines
      .find((l) => l.startsWith('#fields\t'))!
      .split('\t')
      .slice(1);
    const types = lines
      .find((l) => l.startsWith('#types\t'))!
      .split('\t')
      .slice(1);
    const path = lines.find((l) => l.startsWith('#path\t'))?.split('\t')[1];
    const target = join(dir, `${basename(dirname(f))}-${basename(f, '.log')}.json`);
    const stream = createWriteStream(target);
    let chunk = '';
    for (const l of lines) {
      if (l.length === 0 || l.startsWith('#')) continue;
      const cols = l.split('\t');
      const record: Record<string, unknown> = {};
      if (path !== undefined) record._path = path;
      for (let i = 0; i < fields.length; i++) {
        const v = jsonValue(cols[i] ?? '-', types[i] ?? 'string');
        if (v !== undefined) record[fields[i]!] = v;
      }
      chunk += `${JSON.stringify(record)}\n`;
      if (chunk.length > 1 << 20) {
        await write(stream, chunk);
        chunk = '';
      }
    }
    await write(stream, chunk);
    await close(stream);
    out.push(target);
  }
  return out;
}

export interface Measure {
  events: number;
  seconds: number;
  /** CPU seconds of the process (user + system), the fairer measure on a shared machine. */
  cpuSeconds: number;
  peakRss: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function rss(): number {
  return process.memoryUsage().rss;
}

/** The floor: read, split lines, JSON.parse each, touch one field; nothing else. */
export async function bareJsonParse(files: string[]): Promise<Measure> {
  let events = 0;
  let peakRss = rss();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const f of files) {
    let pending = '';
    for await (const chunk of createReadStream(f, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = pending + (chunk as string);
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        const record = JSON.parse(text.slice(from, nl)) as { ts?: number };
        if (record.ts !== undefined) events++;
        from = nl + 1;
      }
      pending = text.slice(from);
      peakRss = Math.max(peakRss, rss());
    }
  }
  return { events, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSince(c0), peakRss };
}

async function decodeFiles(files: string[]): Promise<Measure> {
  let events = 0;
  let peakRss = rss();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const f of files) {
    const source = openFileSource(f);
    for (let b = await source.next(); b !== null; b = await source.next()) {
      events += b.events.length;
      peakRss = Math.max(peakRss, rss());
    }
  }
  return { events, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSince(c0), peakRss };
}

/** Collect garbage between steps when run with --expose-gc (npm run bench does), so steps start even. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const mib = (n: number) => `${Math.round(n / (1024 * 1024))} MiB`;

export async function run(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'telltale-bench-decode-'));
  try {
    const workload = await buildWorkload(join(dir, 'tsv'), 1_000_000);
    const jsonDir = join(dir, 'json');
    await mkdir(jsonDir);
    const jsonFiles = await toJson(workload.files, jsonDir);
    // Conn lines alone: the hot path the 300k lines/s target is about.
    const connFiles = workload.files.filter((f) => basename(f).endsWith('-conn.log'));
    gc();
    const floor = await bareJsonParse(jsonFiles);
    gc();
    const tsv = await decodeFiles(workload.files);
    gc();
    const json = await decodeFiles(jsonFiles);
    gc();
    const conn = await decodeFiles(connFiles);
    const rate = (m: Measure) => m.events / m.seconds;
    const cpuRate = (m: Measure) => m.events / m.cpuSeconds;
    const row = (name: string, m: Measure) =>
      `| ${name} | ${fmt(m.events)} | ${m.seconds.toFixed(2)} | ${fmt(rate(m))} | ${fmt(cpuRate(m))} | ${(cpuRate(m) / cpuRate(floor)).toFixed(2)} | ${mib(m.peakRss)} |`;
    return [
      `Workload: ${fmt(workload.events)} real Zeek conn/dns/http/ssl records (${DATASETS.join(', ')}),`,
      `replicated and shifted a week per replica, written once as Zeek TSV and as the equivalent Zeek JSON lines`,
      `(${workload.files.length} files each). Each step reads the files from disk and decodes them into canonical`,
      'events on one JavaScript thread; the steps run in sequence in the same process. The floor reads the JSON',
      'files, splits lines and `JSON.parse`s each: no field access, no events. "events/s (CPU)" divides by the',
      'process\'s CPU time (all its threads, GC included), steadier than wall time on a shared machine; "× floor"',
      'compares those CPU rates. Peak RSS is sampled after each batch (whole process).',
      '',
      '| step | events | wall s | events/s (wall) | events/s (CPU) | × floor | peak RSS |',
      '|---|---:|---:|---:|---:|---:|---:|',
      row('floor: line split + JSON.parse (JSON lines)', floor),
      row('decode Zeek TSV (conn, dns, http, ssl)', tsv),
      row('decode Zeek JSON (conn, dns, http, ssl)', json),
      row('decode Zeek TSV, conn.log only', conn),
      '',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
