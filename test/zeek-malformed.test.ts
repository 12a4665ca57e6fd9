import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event, NetConnEvent } from '../src/events/event.js';
import { expandInputs, openFileSource } from '../src/sources/files/index.js';
import type { Reject } from '../src/store/store.js';

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
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => row(from + k)).join('\n');

async function decode(path: string, opts: { format?: string; maxLineBytes?: number } = {}) {
  const events: Event[] = [];
  const rejects: Reject[] = [];
  const source = openFileSource(path, opts);
  for (let b = await source.next(); b !== null; b = await source.next()) {
    events.push(...b.events);
    rejects.push(...b.rejects);
  }
  return { events, rejects, uids: events.map((e) => (e as NetConnEvent).uid) };
}

/** Deterministic pseudo-random bytes (no NUL-free guarantee: like real binary junk). */
function junk(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >> 16;
  }
  return b;
}

describe('malformed Zeek input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'telltale-zeek-malformed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps what a truncated gzip holds and rejects the cut with file and line', async () => {
    const whole = gzipSync(Buffer.from(`${HEADER}\n${rows(0, 5000)}\n`));
    const path = join(dir, 'conn.truncated.log.gz');
    await writeFile(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const { events, rejects, uids } = await decode(path);
    expect(events.length).toBeGreaterThan(1000);
    expect(events.length).toBeLessThan(5000);
    // Everything kept is whole and in order.
    expect(uids).toEqual(Array.from({ length: events.length }, (_, i) => `C${i}`));
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ input: path, line: 7 + events.length + 1 });
    expect(rejects[0]!.reason).toMatch(/^truncated or corrupt gzip/);
  });

  it('recognises gzip by its magic bytes, not its name', async () => {
    const path = join(dir, 'conn-gzipped-without-suffix.log');
    await writeFile(path, gzipSync(Buffer.from(`${HEADER}\n${rows(0, 3)}\n`)));
    expect((await decode(path)).uids).toEqual(['C0', 'C1', 'C2']);
  });

  it('rejects binary junk lines inside a log and decodes the lines around them', async () => {
    const path = join(dir, 'conn.junk.log');
    await writeFile(
      path,
      Buffer.concat([Buffer.from(`${HEADER}\n${rows(0, 10)}\n`), junk(300, 7), Buffer.from(`\n${rows(10, 20)}\n`)]),
    );
    const { uids, rejects } = await decode(path);
    expect(uids).toEqual(Array.from({ length: 20 }, (_, i) => `C${i}`));
    expect(rejects.length).toBeGreaterThan(0);
    for (const r of rejects) {
      expect(r.input).toBe(path);
      expect(r.line).toBeGreaterThanOrEqual(18);
      expect(['binary or non-UTF-8 data', 'expected 8 columns, found 1']).toContain(r.reason);
    }
  });

  it('reports a wholly binary file as one reject', async () => {
    const path = join(dir, 'capture.log');
    await writeFile(path, junk(200_000, 3));
    const { events, rejects } = await decode(path);
    expect(events).toEqual([]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ input: path, reason: 'binary or non-UTF-8 data' });
  });

  it('reports a text file no decoder knows as one reject', async () => {
    const path = join(dir, 'notes.log');
    await writeFile(path, 'just some text\nand more\n');
    const { rejects } = await decode(path);
    expect(rejects).toEqual([
      { input: path, line: 1, reason: 'no decoder recognises this input', text: 'just some text\nand more\n' },
    ]);
  });

  it('rejects lines with the wrong number of columns and goes on', async () => {
    const path = join(dir, 'conn.columns.log');
    const bad = row(5).split(T).slice(0, 6).join(T);
    const extra = `${row(6)}${T}surplus`;
    await writeFile(path, `${HEADER}\n${rows(0, 5)}\n${bad}\n${extra}\n${rows(7, 9)}\n`);
    const { uids, rejects } = await decode(path);
    expect(uids).toEqual(['C0', 'C1', 'C2', 'C3', 'C4', 'C7', 'C8']);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [13, 'expected 8 columns, found 6'],
      [14, 'expected 8 columns, found 9'],
    ]);
  });

  it('rejects a 10 MB line with its line number and decodes the rest', async () => {
    const path = join(dir, 'conn.hugeline.log');
    const huge = `1700000000${T}${'x'.repeat(10 * 1024 * 1024)}`;
    await writeFile(path, `${HEADER}\n${rows(0, 3)}\n${huge}\n${rows(3, 6)}\n`);
    const { uids, rejects } = await decode(path);
    expect(uids).toEqual(['C0', 'C1', 'C2', 'C3', 'C4', 'C5']);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ input: path, line: 11, reason: 'line longer than 1048576 bytes' });
    expect(rejects[0]!.text).toHaveLength(200);
  });

  it('applies a configured line limit', async () => {
    const path = join(dir, 'conn.limit.log');
    await writeFile(path, `${HEADER}\n${rows(0, 2)}\n`);
    const { rejects } = await decode(path, { maxLineBytes: 50 });
    expect(rejects.map((r) => r.reason)).toContain('line longer than 50 bytes');
  });

  it('decodes the other files of a directory after a broken one', async () => {
    const sub = join(dir, 'set');
    await mkdir(join(sub, 'nested'), { recursive: true });
    await writeFile(
      join(sub, 'a-broken.log.gz'),
      gzipSync(Buffer.from(`${HEADER}\n${rows(0, 100)}\n`)).subarray(0, 60),
    );
    await writeFile(join(sub, 'nested', 'b-conn.log'), `${HEADER}\n${rows(100, 103)}\n`);
    await writeFile(join(sub, 'README.md'), '# not a log\n');
    await writeFile(join(sub, 'labels.config'), 'x\n');
    await writeFile(join(sub, '.hidden.log'), `${HEADER}\n`);
    await symlink(join(sub, 'nested'), join(sub, 'current'));
    await symlink(join(sub, 'nested', 'b-conn.log'), join(sub, 'c-linked.log'));
    const paths = await expandInputs([sub]);
    expect(paths).toEqual([join(sub, 'a-broken.log.gz'), join(sub, 'c-linked.log'), join(sub, 'nested', 'b-conn.log')]);
    const results = [];
    for (const p of paths) results.push(await decode(p));
    expect(results[0]!.rejects).toHaveLength(1);
    expect(results[1]!.uids).toEqual(['C100', 'C101', 'C102']);
    expect(results[2]!.uids).toEqual(['C100', 'C101', 'C102']);
  });

  it('a forced format overrides sniffing', async () => {
    const path = join(dir, 'conn.forced.log');
    await writeFile(path, `${HEADER}\n${rows(0, 2)}\n`);
    const { events, rejects } = await decode(path, { format: 'zeek-json' });
    expect(events).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(Array(9).fill('invalid JSON'));
    expect((await readFile(path, 'utf8')).startsWith('#separator')).toBe(true);
  });
});
