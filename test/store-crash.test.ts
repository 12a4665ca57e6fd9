import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore, type StoreKind } from '../src/store/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BATCH = 1000;

/** A writer that commits batches of events, each with the checkpoint that covers them, until killed. */
function writerScript(path: string, kind: StoreKind): string {
  return `
    const { openStore } = await import(${JSON.stringify(`${ROOT}src/store/index.ts`)});
    const { generateEvents } = await import(${JSON.stringify(`${ROOT}src/store/generatedEvents.ts`)});
    const store = await openStore(${JSON.stringify(path)}, ${JSON.stringify(kind)});
    let batch = [];
    let n = 0;
    for (const e of generateEvents({ count: 10000000, seed: 5 })) {
      batch.push(e);
      n++;
      if (batch.length === ${BATCH}) {
        await store.commit({ events: batch, checkpoints: [{ source: 'crash', offset: n, line: n, updated: e.time }] });
        batch = [];
        process.stdout.write('committed ' + n + '\\n');
      }
    }
  `;
}

describe.each(['sqlite', 'duckdb'] as const)('%s store after kill -9 mid-stream', (kind) => {
  it('holds exactly the events its checkpoint covers', async () => {
    const dir = mkdtempSync(join(tmpdir(), `telltale-crash-${kind}-`));
    try {
      const path = join(dir, 'store.db');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', writerScript(path, kind)],
        {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let seen = 0;
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
        child.stdout!.on('data', (d: Buffer) => {
          seen += (d.toString().match(/committed/g) ?? []).length;
          if (seen >= 5) {
            child.removeAllListeners('exit');
            child.on('exit', () => resolve());
            child.kill('SIGKILL');
          }
        });
      });
      const store = await openStore(path, kind);
      const checkpoint = await store.getCheckpoint('crash');
      const count = await store.countEvents();
      await store.close();
      expect(checkpoint?.offset).toBeGreaterThanOrEqual(5 * BATCH);
      expect(count).toBe(checkpoint?.offset);
      expect(count % BATCH).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
