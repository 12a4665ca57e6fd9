import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
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
