import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    const datasets = readdirSync(ZEEK, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    // Every data set directory there is, as listed; these six at least (the list must not come back empty).
    expect(datasets).toEqual(
      expect.arrayContaining([
        'rita-json-format-samples',
        'rita-missing-host-beacon',
        'rita-proxy-beacon',
        'slips-test-datasets',
        'stratosphere-security-datasets',
        'wrccdc-2018-brim',
      ]),
    );
    for (const ds of datasets) {
      const r = runCli(['replay', '--no-progress', '--rejects', join(tmp, `rejects-${ds}.jsonl`), join(ZEEK, ds)]);
      expect(r.code, `${ds}: ${r.stderr}`).toBe(0);
      expect(r.stderr, ds).toMatch(/events by kind: net\.[a-z0-9]+ [\d,]+/);
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

  it('exits 1 on a failure that is not bad usage, saying what failed', () => {
    const notAStore = join(tmp, 'not-a-store.db');
    writeFileSync(notAStore, 'this is not a database\n');
    const r = runCli([
      'replay',
      '--no-progress',
      '--store',
      notAStore,
      join(ZEEK, 'rita-json-format-samples/truncated'),
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^telltale: .*not-a-store\.db/m);
  });

  it('checks that the reject file can be written before reading anything (exit 2 naming the path)', () => {
    const input = join(ZEEK, 'rita-json-format-samples/truncated');
    const missingDir = runCli(['replay', '--no-progress', '--rejects', '/nonexistent/telltale/rejects.jsonl', input]);
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr).toBe(
      'telltale: --rejects: cannot write /nonexistent/telltale/rejects.jsonl: no such directory /nonexistent/telltale\n',
    );
    expect(missingDir.stdout).toBe('');
    const dir = join(tmp, 'a-directory');
    mkdirSync(dir, { recursive: true });
    const isDir = runCli(['replay', '--no-progress', '--rejects', dir, input]);
    expect(isDir.code).toBe(2);
    expect(isDir.stderr).toBe(`telltale: --rejects: cannot write ${dir}: it is not a regular file\n`);
  });

  it('prints help for every command the program defines', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    // The commands as the program lists them under "Commands:" (commander's own `help` left out).
    const listed = top.stdout.slice(top.stdout.indexOf('Commands:'));
    const commands = [...listed.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['replay', 'run', 'reset-admin', 'models']));
    for (const cmd of commands) {
      const r = runCli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(new RegExp(`^Usage: telltale ${cmd} `));
    }
  });
});
