import { appendFileSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetConnEvent } from '../src/events/event.js';
import { openStore } from '../src/store/index.js';
import { spawnCli } from './cli.js';

const HEADER = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#open\t2026-12-01-10-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
].join('\n');

const T0 = Date.parse('2026-12-01T10:00:00Z') / 1000;
const row = (uid: string, i: number) =>
  `${(T0 + i).toFixed(6)}\t${uid}\t10.1.0.${i % 50}\t${40000 + (i % 1000)}\t93.184.216.34\t443\ttcp\tssl\t0.5\t900\t4000\tSF\tT\tF\t0\tShADadFf\t8\t1300\t7\t4300\t-`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function storedUids(dbPath: string): Promise<string[]> {
  const store = await openStore(dbPath);
  try {
    const events = await store.queryEvents({ kinds: ['net.conn'], limit: 1_000_000 });
    return events.map((e) => (e as NetConnEvent).uid);
  } finally {
    await store.close();
  }
}

type Child = ReturnType<typeof spawnCli>;

/** Resolves once the child's stderr holds a line `matches` accepts; fails if the child exits first. */
const stderrLine = (child: Child, matches: (line: string) => boolean) =>
  new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d) => {
      err += String(d);
      if (err.split('\n').some(matches)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`run exited early (${code}):\n${err}`)));
  });
const started = (child: Child) => stderrLine(child, (l) => l.includes('following'));
/** The run's status line: "telltale: N events stored this run; ...". */
const storedThisRun = (line: string) => Number(/telltale: (\d+) events stored this run/.exec(line)?.[1] ?? -1);
const stopped = (child: Child) => new Promise((r) => child.once('exit', r));

/** A live directory with conn.log and a config that tails it every 50 ms into its own store. */
function liveDir(): { live: string; conn: string; db: string; cfg: string } {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-tail-'));
  const live = join(dir, 'live');
  mkdirSync(live);
  const db = join(dir, 'telltale.db');
  const cfg = join(dir, 'telltale.yaml');
  writeFileSync(cfg, `store:\n  path: ${db}\nsources:\n  - type: zeek\n    path: ${live}\n    pollInterval: 50ms\n`);
  const conn = join(live, 'conn.log');
  writeFileSync(conn, `${HEADER}\n`);
  return { live, conn, db, cfg };
}

/** Restarts `telltale run` until `total` events are stored; each restart resumes where the last one stopped. */
async function catchUpTo(cfg: string, db: string, total: number): Promise<string[]> {
  let uids = await storedUids(db);
  for (let attempt = 0; attempt < 6 && uids.length < total; attempt++) {
    const again = spawnCli(['run', '--no-server', '--no-demo', '-c', cfg]);
    await started(again);
    await sleep(3000);
    again.kill('SIGTERM');
    await stopped(again);
    uids = await storedUids(db);
  }
  return uids;
}

function expectEachOnce(uids: string[], expected: string[]): void {
  expect(uids.length).toBe(expected.length);
  expect(new Set(uids).size).toBe(expected.length);
  const stored = new Set(uids);
  expect(expected.filter((u) => !stored.has(u))).toEqual([]);
}

describe('telltale run follows a live, rotating Zeek directory', () => {
  it('after SIGKILL mid-stream and a restart, every event is stored exactly once', async () => {
    const { live, conn, db, cfg } = liveDir();
    const written: string[] = [];
    const append = (n: number) => {
      const lines: string[] = [];
      for (let k = 0; k < n; k++) {
        const uid = `Ckill${written.length}`;
        lines.push(row(uid, written.length));
        written.push(uid);
      }
      appendFileSync(conn, `${lines.join('\n')}\n`);
    };

    append(500);
    const first = spawnCli(['run', '--no-server', '--no-demo', '-c', cfg]);
    await stderrLine(first, (l) => storedThisRun(l) > 0);
    // Keep writing while it reads, rotate, and kill it mid-stream.
    for (let k = 0; k < 10; k++) {
      append(300);
      await sleep(100);
    }
    renameSync(conn, join(live, 'conn.2026-12-01-10-59-59.log'));
    writeFileSync(conn, `${HEADER}\n`);
    append(700);
    await sleep(300);
    append(5000);
    const writtenBeforeKill = written.length;
    first.kill('SIGKILL');
    await stopped(first);
    const afterKill = await storedUids(db);
    // Killed mid-stream: some events stored, not all of those written before the kill.
    expect(afterKill.length).toBeGreaterThan(0);
    expect(afterKill.length).toBeLessThan(writtenBeforeKill);
    append(1000);

    expectEachOnce(await catchUpTo(cfg, db, written.length), written);
  }, 180_000);

  it('after SIGKILL while a rotated file is half read, a restart finishes it, then the new file, each event once', async () => {
    const { live, conn, db, cfg } = liveDir();
    const lines = (prefix: string, from: number, n: number) =>
      Array.from({ length: n }, (_, k) => row(`${prefix}${k}`, from + k));
    const before = lines('Cpre', 0, 1000);
    // Large enough that reading it takes many 1 MiB batches, each committed with its checkpoint.
    const rotated = lines('Crot', 1000, 200_000);
    const after = lines('Cnew', 201_000, 2000);
    appendFileSync(conn, `${before.join('\n')}\n`);

    const first = spawnCli(['run', '--no-server', '--no-demo', '-c', cfg]);
    await stderrLine(first, (l) => storedThisRun(l) >= before.length);
    // The status line comes at most once a second: after this pause the next batch announces itself.
    await sleep(1200);
    const firstOfRotated = stderrLine(first, (l) => storedThisRun(l) > before.length);
    // Zeek rotates: the big tail lands in conn.log, which becomes conn.<time>.log, and a new conn.log starts.
    appendFileSync(conn, `${rotated.join('\n')}\n`);
    renameSync(conn, join(live, 'conn.2026-12-01-11-00-00.log'));
    writeFileSync(conn, `${HEADER}\n${after.join('\n')}\n`);
    await firstOfRotated;
    first.kill('SIGKILL');
    await stopped(first);

    const atKill = await storedUids(db);
    const rotatedStored = atKill.filter((u) => u.startsWith('Crot')).length;
    // Killed with the rotated file half read, before the new conn.log was reached.
    expect(atKill.filter((u) => u.startsWith('Cpre'))).toHaveLength(before.length);
    expect(rotatedStored).toBeGreaterThan(0);
    expect(rotatedStored).toBeLessThan(rotated.length);
    expect(atKill.filter((u) => u.startsWith('Cnew'))).toEqual([]);

    const uids = await catchUpTo(cfg, db, before.length + rotated.length + after.length);
    const expected = [...before, ...rotated, ...after].map((l) => l.split('\t')[1]!);
    expectEachOnce(uids, expected);
  }, 300_000);
});
