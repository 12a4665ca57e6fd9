import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../src/events/event.js';
import { zeekJsonDecoder } from '../src/sources/zeek/json.js';
import { collectingSink, feed } from '../src/sources/zeek/testSink.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import { sharedData } from './shared-data.js';

/** Real Zeek JSON logs (Slips test captures, see PROVENANCE.md there): benign browsing and malware downloads. */
const DIRS = [
  sharedData('zeek/slips-test-datasets/test9-mixed-zeek-dir'),
  sharedData('zeek/slips-test-datasets/test14-malicious-zeek-dir'),
];

function decodeAll(): Event[] {
  const sink = collectingSink();
  for (const dir of DIRS) {
    for (const name of readdirSync(dir).sort()) {
      if (!/^(conn|http|ssl|dns|files)\.log(\.gz)?$/.test(name)) continue;
      const raw = readFileSync(join(dir, name));
      const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      feed(zeekJsonDecoder.open(join(dir, name), sink), text);
    }
  }
  return sink.events;
}

const f = (e: Event) => e as unknown as Record<string, unknown>;

describe.each(['sqlite', 'duckdb'] as const)('search over real Zeek logs in the %s store', (kind) => {
  const events = decodeAll();
  let store: Store;
  beforeAll(async () => {
    store = await openStore(':memory:', kind);
    await store.commit({ events });
  });
  afterAll(async () => {
    await store.close();
  });

  const cases: [string, (e: Event) => boolean][] = [
    ['kind:net.http uri:/bin.sh', (e) => e.kind === 'net.http' && e.uri === '/bin.sh'],
    ['kind:net.http uri:*.m', (e) => e.kind === 'net.http' && (e.uri ?? '').endsWith('.m')],
    [
      'kind:net.conn dstPort:80 NOT connState:SF',
      (e) => e.kind === 'net.conn' && e.dstPort === 80 && e.connState !== 'SF',
    ],
    ['kind:net.dns query:*.cz', (e) => e.kind === 'net.dns' && (e.query ?? '').endsWith('.cz')],
    ['serverName:*google*', (e) => e.kind === 'net.tls' && (e.serverName ?? '').includes('google')],
    ['kind:net.conn bytesOut:>=10000', (e) => e.kind === 'net.conn' && (e.bytesOut ?? 0) >= 10_000],
    ['mimeType:application/x-dosexec', (e) => f(e).mimeType === 'application/x-dosexec'],
    ['"Mozi.m"', (e) => JSON.stringify(e).toLowerCase().includes('mozi.m')],
    // Host names and methods are typed in any case; the uri keeps its case (paths are case-sensitive).
    ['kind:net.http method:get', (e) => e.kind === 'net.http' && e.method === 'GET'],
    ['serverName:*GOOGLE*', (e) => e.kind === 'net.tls' && (e.serverName ?? '').toLowerCase().includes('google')],
    ['kind:net.http uri:/BIN.SH', () => false],
  ];

  it('decoded a real mix of kinds', () => {
    const kinds = new Set(events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['net.conn', 'net.dns', 'net.file', 'net.http', 'net.tls']);
  });

  for (const [query, matches] of cases) {
    it(`finds exactly the matching real events for ${query}`, async () => {
      const expected = events.filter(matches);
      if (!query.includes('/BIN.SH')) expect(expected.length).toBeGreaterThan(0);
      const res = await store.search({ query, limit: 10_000, sort: { field: 'time', direction: 'asc' } });
      expect(res.total).toBe(expected.length);
      const key = (e: Event) => `${e.source.input}:${e.source.line}`;
      expect(res.events.map(key).sort()).toEqual(expected.map(key).sort());
    });
  }

  it('ranks the destinations of real connections', async () => {
    const counts = new Map<string, number>();
    for (const e of events) if (e.kind === 'net.conn') counts.set(e.dst, (counts.get(e.dst) ?? 0) + 1);
    const top = await store.topValues({ query: 'kind:net.conn', field: 'dst', limit: 3 });
    expect(top.map((t) => t.count)).toEqual([...counts.values()].sort((a, b) => b - a).slice(0, 3));
    for (const t of top) expect(counts.get(t.value)).toBe(t.count);
  });
});
