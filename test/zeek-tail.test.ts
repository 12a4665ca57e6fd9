import { appendFile, mkdtemp, readFile, rename, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, NetConnEvent, NetDnsEvent } from '../src/events/event.js';
import type { EventSource } from '../src/sources/source.js';
import { openZeekDirSource } from '../src/sources/tail/zeekDirSource.js';
import type { Checkpoint, CommitBatch, Reject, Store } from '../src/store/store.js';

/** Just enough of a Store for a source test: events and checkpoints, committed together. */
class MemoryStore implements Pick<Store, 'commit' | 'getCheckpoint'> {
  readonly events: Event[] = [];
  readonly rejects: Reject[] = [];
  private readonly checkpoints = new Map<string, Checkpoint>();
  async commit(batch: CommitBatch) {
    this.events.push(...(batch.events ?? []));
    this.rejects.push(...(batch.rejects ?? []));
    for (const c of batch.checkpoints ?? []) this.checkpoints.set(c.source, c);
  }
  async getCheckpoint(source: string) {
    return this.checkpoints.get(source);
  }
}

const T = '\t';
const HEADER = [
  '#separator \\x09',
  `#set_separator${T},`,
  `#empty_field${T}(empty)`,
  `#unset_field${T}-`,
  `#path${T}conn`,
  `#fields${T}ts${T}uid${T}id.orig_h${T}id.orig_p${T}id.resp_h${T}id.resp_p${T}proto${T}conn_state`,
  `#types${T}time${T}string${T}addr${T}port${T}addr${T}port${T}enum${T}string`,
].join('\n');
const row = (i: number) => [1700000000 + i, `C${i}`, '10.0.0.1', 40000 + i, '192.0.2.1', 443, 'tcp', 'SF'].join(T);
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `${row(from + k)}\n`).join('');
const dnsRow = (i: number) =>
  `${JSON.stringify({ _path: 'dns', ts: 1700000000 + i, uid: `D${i}`, 'id.orig_h': '10.0.0.2', 'id.orig_p': 5000, 'id.resp_h': '10.0.0.53', 'id.resp_p': 53, query: `host${i}.example`, qtype_name: 'A' })}\n`;

const connUids = (store: MemoryStore) =>
  store.events.filter((e) => e.kind === 'net.conn').map((e) => (e as NetConnEvent).uid);
const range = (from: number, to: number, prefix = 'C') =>
  Array.from({ length: to - from }, (_, k) => `${prefix}${from + k}`);

/** Reads and commits batches (events + checkpoint together) until `done` holds; bounded, not timed. */
async function pump(source: EventSource, store: MemoryStore, done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) {
    const b = await source.next();
    if (b === null) return;
    await store.commit({ events: b.events, rejects: b.rejects, checkpoints: b.checkpoint ? [b.checkpoint] : [] });
  }
}

/** A few more polls, committing whatever they bring. */
async function poll(source: EventSource, store: MemoryStore, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const b = await source.next();
    if (b === null) return;
    await store.commit({ events: b.events, rejects: b.rejects, checkpoints: b.checkpoint ? [b.checkpoint] : [] });
  }
}

describe('live Zeek directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telltale-zeek-tail-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('follows appends and rotations, and resumes after a crash with nothing lost or doubled', async () => {
    const conn = join(dir, 'conn.log');
    const dns = join(dir, 'dns.log');
    await writeFile(conn, `${HEADER}\n${rows(0, 10)}`);
    await writeFile(dns, dnsRow(0) + dnsRow(1));
    await writeFile(join(dir, 'stderr.log'), 'listening on eth0\n');
    const store = new MemoryStore();
    const first = openZeekDirSource(dir, store, { pollIntervalMs: 10 });

    await pump(first, store, () => connUids(store).length === 10 && store.events.length === 12);
    expect(connUids(store)).toEqual(range(0, 10));
    expect(store.events.filter((e) => e.kind === 'net.dns').map((e) => (e as NetDnsEvent).query)).toEqual([
      'host0.example',
      'host1.example',
    ]);

    // A line still being written is not read until its newline arrives.
    await appendFile(conn, `${rows(10, 15)}${row(15).slice(0, 20)}`);
    await pump(first, store, () => connUids(store).length >= 15);
    await poll(first, store, 5);
    expect(connUids(store)).toEqual(range(0, 15));
    await appendFile(conn, `${row(15).slice(20)}\n`);
    await pump(first, store, () => connUids(store).length >= 16);
    expect(connUids(store)).toEqual(range(0, 16));

    // Zeek writes the last lines, renames the file and starts a new one before we look again.
    await appendFile(conn, rows(16, 20));
    await rename(conn, join(dir, 'conn.2026-12-03-18-00-00.log'));
    await writeFile(conn, `${HEADER}\n${rows(20, 25)}`);
    await pump(first, store, () => connUids(store).length >= 25);
    expect(connUids(store)).toEqual(range(0, 25));

    // A batch is read but the process dies before committing it.
    await appendFile(conn, rows(25, 30));
    let uncommitted = 0;
    for (let i = 0; i < 50 && uncommitted === 0; i++) uncommitted = (await first.next())?.events.length ?? 0;
    expect(uncommitted).toBeGreaterThan(0);
    await first.close();

    // While it is down, more arrives and the log rotates again.
    await appendFile(conn, rows(30, 35));
    await rename(conn, join(dir, 'conn.2026-12-03-19-00-00.log'));
    await writeFile(conn, `${HEADER}\n${rows(35, 40)}`);
    await appendFile(dns, dnsRow(2));

    const second = openZeekDirSource(dir, store, { pollIntervalMs: 10 });
    await pump(second, store, () => connUids(store).length >= 40 && store.events.length >= 43);
    await poll(second, store, 5);
    expect(connUids(store)).toEqual(range(0, 40));
    expect(store.events.filter((e) => e.kind === 'net.dns')).toHaveLength(3);
    // Line numbers stay right across the restart: C27 is line 7 + 8 of the second conn file.
    expect(store.events.find((e) => e.kind === 'net.conn' && e.uid === 'C27')?.source).toEqual({
      input: conn,
      line: 15,
    });
    expect(store.rejects).toEqual([]);

    // Truncated in place (copytruncate): what it holds now is new.
    await truncate(conn, 0);
    await writeFile(conn, `${HEADER}\n${rows(40, 42)}`);
    await pump(second, store, () => connUids(store).length >= 42);
    expect(connUids(store)).toEqual(range(0, 42));
    const checkpoint = await store.getCheckpoint(conn);
    expect(checkpoint).toMatchObject({ source: conn, line: 9 });
    await second.close();
  });

  it('finishes a file that was rotated and compressed while telltale was down', async () => {
    const sub = await mkdtemp(join(dir, 'gzipped-'));
    const conn = join(sub, 'conn.log');
    await writeFile(conn, `${HEADER}\n${rows(0, 4)}`);
    const store = new MemoryStore();
    const first = openZeekDirSource(sub, store, { pollIntervalMs: 10 });
    await pump(first, store, () => connUids(store).length >= 4);
    await first.close();
    await appendFile(conn, rows(4, 9));
    const rotated = join(sub, 'conn.2026-12-03-18-00-00.log');
    await rename(conn, rotated);
    await writeFile(`${rotated}.gz`, gzipSync(await readFile(rotated)));
    await rm(rotated);
    await writeFile(conn, `${HEADER}\n${rows(9, 12)}`);
    const second = openZeekDirSource(sub, store, { pollIntervalMs: 10 });
    await pump(second, store, () => connUids(store).length >= 12);
    await poll(second, store, 3);
    await second.close();
    expect(connUids(store)).toEqual(range(0, 12));
    expect(store.events.find((e) => e.kind === 'net.conn' && e.uid === 'C6')?.source).toEqual({
      input: conn,
      line: 14,
    });
    expect(store.rejects).toEqual([]);
  });

  it('reads every file the log rotated into while telltale was down, oldest first', async () => {
    const sub = await mkdtemp(join(dir, 'twice-'));
    const conn = join(sub, 'conn.log');
    await writeFile(conn, `${HEADER}\n${rows(0, 5)}`);
    const store = new MemoryStore();
    const first = openZeekDirSource(sub, store, { pollIntervalMs: 10 });
    await pump(first, store, () => connUids(store).length >= 5);
    await first.close();
    // Down for two rotations: the checkpointed file grows and rotates, then a whole file comes and goes.
    const hour = (h: number) => new Date(Date.UTC(2026, 11, 3, h));
    await appendFile(conn, rows(5, 8));
    await rename(conn, join(sub, 'conn.2026-12-03-18-00-00.log'));
    await utimes(join(sub, 'conn.2026-12-03-18-00-00.log'), hour(18), hour(18));
    await writeFile(conn, `${HEADER}\n${rows(8, 12)}`);
    await rename(conn, join(sub, 'conn.2026-12-03-19-00-00.log'));
    await utimes(join(sub, 'conn.2026-12-03-19-00-00.log'), hour(19), hour(19));
    await writeFile(conn, `${HEADER}\n${rows(12, 15)}`);
    const second = openZeekDirSource(sub, store, { pollIntervalMs: 10 });
    await pump(second, store, () => connUids(store).length >= 15);
    await poll(second, store, 3);
    await second.close();
    expect(connUids(store)).toEqual(range(0, 15));
    expect(store.rejects).toEqual([]);
  });

  it('says so when a checkpointed file is gone, even when a new file took its inode', async () => {
    const sub = await mkdtemp(join(dir, 'gone-'));
    const conn = join(sub, 'conn.log');
    await writeFile(conn, `${HEADER}\n${rows(0, 3)}`);
    const store = new MemoryStore();
    const first = openZeekDirSource(sub, store, { pollIntervalMs: 10 });
    await pump(first, store, () => connUids(store).length >= 3);
    await first.close();
    await appendFile(conn, rows(3, 5));
    await rm(conn);
    // Longer than the checkpoint's offset, so only its first bytes tell it from the old file.
    await writeFile(conn, `${HEADER}\n${rows(5, 12)}`);
    const second = openZeekDirSource(sub, store, { pollIntervalMs: 10 });
    await pump(second, store, () => connUids(store).length >= 10);
    await second.close();
    expect(connUids(store)).toEqual([...range(0, 3), ...range(5, 12)]);
    expect(store.rejects).toEqual([
      {
        input: conn,
        line: 11,
        reason: expect.stringMatching(/^the file read up to byte \d+ is gone/),
        text: '',
      },
    ]);
  });
});
