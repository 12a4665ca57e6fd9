import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, spawnCli } from './cli.js';
import { sharedData } from './shared-data.js';

/** Real Zeek logs whose beacons lead to blocks of an address and of a host name (with the address reached under it). */
const BEACONS = sharedData('zeek', 'rita-missing-host-beacon');
const tmp = mkdtempSync(join(tmpdir(), 'telltale-replay-execute-'));

/** The CLI without blocking this process, so the local webhook server can answer it. */
function runCliAsync(args: string[]): Promise<CliResult> {
  const child = spawnCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

interface Line {
  type: string;
  id: string;
  status?: string;
  error?: string;
  action?: string;
  target?: { kind: string; id: string };
  scope?: { endpoints?: string[] };
}

function jsonLines(stdout: string): Line[] {
  // Every stdout line must be JSON (DESIGN §5): JSON.parse throws on a stray rule set.
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Line);
}

const received: { headers: IncomingHttpHeaders; body: string }[] = [];
/** The receiver refuses every call about the first block it is asked to apply: that action must fail, visibly. */
let refused: string | undefined;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    const call = JSON.parse(body) as { event: string; action: Line };
    if (refused === undefined && call.event === 'apply' && call.action.action === 'block_connections') {
      refused = call.action.id;
    }
    res.writeHead(call.action.id === refused ? 503 : 204).end();
  });
});
let config: string;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  config = join(tmp, 'telltale.yaml');
  writeFileSync(
    config,
    [
      'response:',
      '  maxMode: autonomous',
      '  executors:',
      '    nftables: { dryRun: true, nft: /nonexistent/nft }',
      '    webhook:',
      `      url: http://127.0.0.1:${(server.address() as AddressInfo).port}/actions`,
      '      secret: { env: TT_REPLAY_HOOK }',
      '',
    ].join('\n'),
  );
  process.env.TT_REPLAY_HOOK = 'replay-k3y';
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('replay --execute', () => {
  it('never calls an executor without --execute', { timeout: 120_000 }, async () => {
    received.length = 0;
    const r = await runCliAsync(['replay', '--no-progress', '--config', config, '--rejects', join(tmp, 'r1'), BEACONS]);
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    const actions = lines.filter((l) => l.type === 'action');
    expect(actions.filter((a) => a.status === 'active').length).toBeGreaterThan(0);
    expect(actions.some((a) => a.status === 'failed')).toBe(false);
    expect(received).toHaveLength(0);
    expect(r.stderr).not.toContain('table inet');
    expect(r.stderr).not.toMatch(/executed:/);
  });

  it('calls the executors with --execute: dry-run rule sets on stderr, signed webhooks, failures as lines and in the summary', {
    timeout: 120_000,
  }, async () => {
    received.length = 0;
    refused = undefined;
    const r = await runCliAsync([
      'replay',
      '--no-progress',
      '--execute',
      '--config',
      config,
      '--rejects',
      join(tmp, 'r2'),
      BEACONS,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    const actions = lines.filter((l) => l.type === 'action');

    // The webhook executor was called for actions in force, each call signed with the shared key.
    expect(received.length).toBeGreaterThan(0);
    for (const { headers, body } of received) {
      const expected =
        'sha256=' +
        createHmac('sha256', 'replay-k3y').update(`${headers['x-telltale-timestamp']}.${body}`).digest('hex');
      expect(headers['x-telltale-signature']).toBe(expected);
    }
    const applied = received.map((x) => JSON.parse(x.body) as { event: string; action: Line });
    expect(applied.some((x) => x.event === 'apply' && x.action.action === 'block_connections')).toBe(true);

    // The nftables dry run went to stderr: a block of the beaconed address.
    expect(r.stderr).toMatch(/table inet telltale_a_\w+ \{/);
    expect(r.stderr).toMatch(/elements = \{ [^}]*91\.189\.91\.157 timeout \d+s/);

    // A block of a host name holds the address the device reached under it (the name alone is no rule).
    const named = actions.find((a) => a.scope?.endpoints?.includes('repos-droplet.digitalocean.com'));
    expect(named, 'a block of the beaconed host name').toBeDefined();
    const addresses = named!.scope!.endpoints!.filter((x) => /^[\d.]+$/.test(x));
    expect(addresses.length).toBeGreaterThan(0);
    for (const a of addresses) expect(r.stderr).toContain(`${a} timeout`);

    // The executor the receiver refused: that action fails, as its own line with the error.
    const failed = actions.filter((a) => a.status === 'failed');
    expect(failed.map((f) => f.id)).toEqual([refused]);
    for (const f of failed) {
      expect(f.action).toBe('block_connections');
      expect(f.error).toMatch(/answered 503/);
      // The same action was announced active before it failed.
      expect(actions.some((a) => a.id === f.id && a.status === 'active')).toBe(true);
    }
    const summary = /executed: (\d+) applied, (\d+) lifted, (\d+) failed/.exec(r.stderr);
    expect(summary, r.stderr).not.toBeNull();
    expect(Number(summary![3])).toBe(failed.length);
    expect(Number(summary![1])).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/still in force at the end \(left in place\): \d+/);
  });
});
