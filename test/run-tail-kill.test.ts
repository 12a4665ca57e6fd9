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
const row = (i: number) =>
  `${(T0 + i).toFixed(6)}\tCkill${i}\t10.1.0.${i % 50}\t${40000 + (i % 1000)}\t93.184.216.34\t443\ttcp\tssl\t0.5\t900\t4000\tSF\tT\tF\t0\tShADadFf\t8\t1300\t7\t4300\t-`;

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

describe('telltale run follows a live, rotating Zeek directory', () => {
  it('after SIGKILL mid-stream and a restart, every event is stored exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'telltale-tail-'));
    const live = join(dir, 'live');
    mkdirSync(live);
    const db = join(dir, 'telltale.db');
    const cfg = join(dir, 'telltale.yaml');
    writeFileSync(cfg, `store:\n  path: ${db}\nsources:\n  - type: zeek\n    path: ${live}\n    pollInterval: 50ms\n`);
    const conn = join(live, 'conn.log');
    writeFileSync(conn, `${HEADER}\n`);
    let next = 0;
    const append = (n: number) => {
      const lines: string[] = [];
      for (let k = 0; k < n; k++) lines.push(row(next++));
      appendFileSync(conn, `${lines.join('\n')}\n`);
    };

    const started = (child: ReturnType<typeof spawnCli>, mark = 'following') =>
      new Promise<void>((resolve, reject) => {
        let err = '';
        child.stderr?.on('data', (d) => {
          err += String(d);
          if (err.includes(mark)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`run exited early (${code}):\n${err}`)));
      });
    const stopped = (child: ReturnType<typeof spawnCli>) => new Promise((r) => child.once('exit', r));

    append(500);
    const first = spawnCli(['run', '--no-server', '--no-demo', '-c', cfg]);
    await started(first, 'events stored');
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
    first.kill('SIGKILL');
    await stopped(first);
    const afterKill = await storedUids(db);
    expect(afterKill.length).toBeGreaterThan(0);
    append(1000);
    const total = next;
    expect(afterKill.length).toBeLessThan(total);

    // Restart until it has caught up; each restart must resume exactly where the last one stopped.
    let uids = afterKill;
    for (let attempt = 0; attempt < 6 && uids.length < total; attempt++) {
      const again = spawnCli(['run', '--no-server', '--no-demo', '-c', cfg]);
      await started(again);
      await sleep(2000);
      again.kill('SIGTERM');
      await stopped(again);
      uids = await storedUids(db);
    }

    expect(uids.length).toBe(total);
    expect(new Set(uids).size).toBe(total);
    for (let i = 0; i < total; i++) expect(uids).toContain(`Ckill${i}`);
  }, 180_000);
});
