import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { sharedData } from './shared-data.js';

const ZEEK = sharedData('zeek');
const tmp = mkdtempSync(join(tmpdir(), 'telltale-replay-'));

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('telltale replay (DESIGN §5)', () => {
  it('replays a real Zeek dataset: exit 0, valid JSON lines, a summary of events by kind', () => {
    const rejects = join(tmp, 'rejects-proxy.jsonl');
    const r = runCli(['replay', '--no-progress', '--rejects', rejects, join(ZEEK, 'rita-proxy-beacon/proxy')]);
    expect(r.code, r.stderr).toBe(0);
    for (const line of jsonLines(r.stdout)) expect(['breach', 'incident', 'action']).toContain(line.type);
    expect(r.stderr).toMatch(/telltale replay: [\d,]+ events from \d+ files/);
    expect(r.stderr).toMatch(/events by kind: .*net\.conn [\d,]+/);
    expect(r.stderr).toMatch(/net\.dns [\d,]+/);
    expect(r.stderr).toMatch(/rejected records: \d+/);
  });

  it('replays every real Zeek dataset without failing', { timeout: 900_000 }, () => {
    for (const ds of [
      'rita-missing-host-beacon',
      'rita-json-format-samples',
      'wrccdc-2018-brim',
      'slips-test-datasets',
      'stratosphere-security-datasets',
    ]) {
      const r = runCli(['replay', '--no-progress', '--rejects', join(tmp, `rejects-${ds}.jsonl`), join(ZEEK, ds)]);
      expect(r.code, `${ds}: ${r.stderr}`).toBe(0);
      const lines = jsonLines(r.stdout);
      for (const l of lines.filter((x) => x.type === 'breach')) {
        expect(typeof l.model).toBe('string');
        expect(l.score).toBeGreaterThanOrEqual(0);
        expect(l.score).toBeLessThanOrEqual(100);
        expect(Number.isNaN(Date.parse(String(l.time)))).toBe(false);
      }
    }
  });

  it('keeps malformed records aside with file and line, and goes on', () => {
    const dir = mkdtempSync(join(tmp, 'bad-'));
    const good = readFileSync(join(ZEEK, 'rita-proxy-beacon/proxy/conn.log'), 'utf8').split('\n');
    const header = good.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
    const rows = good.filter((l) => l.length > 0 && !l.startsWith('#')).slice(0, 20);
    const broken = [...header, ...rows.slice(0, 10), 'only\tthree\tcolumns', ...rows.slice(10)];
    writeFileSync(join(dir, 'conn.log'), `${broken.join('\n')}\n`);
    const rejects = join(tmp, 'rejects-bad.jsonl');
    const r = runCli(['replay', '--no-progress', '--rejects', rejects, dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/net\.conn 20\b/);
    expect(r.stderr).toMatch(/rejected records: 1 /);
    const rej = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rej).toHaveLength(1);
    expect(rej[0]).toMatchObject({ input: join(dir, 'conn.log'), line: header.length + 11 });
  });

  it('exits 2 on bad usage and names the problem', () => {
    expect(runCli(['replay']).code).toBe(2);
    const missing = runCli(['replay', '/nonexistent/telltale/input']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or directory: \/nonexistent/);
    const badTime = runCli(['replay', '--learn-until', 'yesterday', ZEEK]);
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toMatch(/--learn-until/);
    const badFormat = runCli(['replay', '--format', 'nope', ZEEK]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown format "nope"/);
  });

  it('prints help for every command', () => {
    for (const cmd of [[], ['replay'], ['run'], ['models']]) {
      const r = runCli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: telltale/);
    }
  });
});
