import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTelltale, runConfig, startRun } from './api-run-process.js';

/**
 * The main job end to end, as a new user meets it: the built `bin/telltale run` with no sources
 * loads the demo into a fresh store, says where to go and how to sign in, and serves real incidents
 * of every kind; a restart finds it all in the store and prints no credentials again.
 */

/** Ceilings for a busy two-core machine, not speed requirements. */
const START = 180_000;

let dir: string;
let cfg: string;
let first: RunningTelltale | undefined;
let second: RunningTelltale | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'telltale-e2e-'));
  cfg = runConfig(dir);
  first = await startRun(cfg, 'dist');
}, START);

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(base: string, user: string, password: string): Promise<{ cookie: string; status: number }> {
  const r = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  const cookie = /tt_session=[^;]+/.exec(r.headers.get('set-cookie') ?? '')?.[0] ?? '';
  return { cookie, status: r.status };
}

async function get<T>(base: string, path: string, cookie: string): Promise<T> {
  const r = await fetch(base + path, { headers: { cookie } });
  expect(r.status, path).toBe(200);
  return (r.headers.get('content-type') ?? '').includes('json') ? ((await r.json()) as T) : ((await r.text()) as T);
}

/** Which part of the product a model belongs to, by the naming of DESIGN §4. */
function domainOf(model: string): 'network' | 'saas' | 'ai' | 'response' {
  if (model.startsWith('AI /')) return 'ai';
  if (model.startsWith('SaaS /') || model.startsWith('IaaS /')) return 'saas';
  if (model.startsWith('Response /')) return 'response';
  return 'network';
}

describe('telltale run with the bundled demo', () => {
  it('prints the URL and how to sign in, with the first-start password exactly once', () => {
    const { url, credentials } = first!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(credentials).toBeDefined();
    expect(first!.stderr()).toContain(`Open ${url} in a browser`);
    expect(first!.stderr()).toContain(`Sign in as "${credentials!.user}" with the password printed above`);
    const printed = first!.stdout() + first!.stderr();
    expect(first!.stderr()).not.toMatch(/DeprecationWarning|FSTDEP/);
    expect(printed.split(credentials!.password).length - 1).toBe(1);
    expect(printed.split(credentials!.token).length - 1).toBe(1);
  });

  it('signs in over HTTP with the printed credentials and shows incidents of all three kinds', async () => {
    const { url, credentials } = first!;
    const session = await signIn(url, credentials!.user, credentials!.password);
    expect(session.status).toBe(200);
    const { incidents } = await get<{ incidents: { title: string; timeline: { model: string }[] }[] }>(
      url,
      '/api/incidents?limit=100',
      session.cookie,
    );
    const kinds = new Set(incidents.flatMap((i) => i.timeline.map((t) => domainOf(t.model))));
    expect([...kinds].filter((k) => k !== 'response').sort()).toEqual(['ai', 'network', 'saas']);
    expect(incidents.some((i) => i.title.includes('10.0.0.111'))).toBe(true);
    const { actions } = await get<{ actions: unknown[] }>(
      url,
      '/api/actions?status=awaiting_confirmation',
      session.cookie,
    );
    expect(actions.length).toBeGreaterThan(0);
    // The demo is counted as its own source, without a lag (its event times are historical).
    const metrics = await get<string>(url, '/api/metrics', session.cookie);
    expect(metrics).toMatch(/telltale_events_in_total\{source="demo"\} [1-9]\d+/);
    expect(metrics).not.toContain('telltale_source_lag_seconds{source="demo"}');
  });

  it(
    'after a restart keeps the demo and the credentials, and prints no credentials again',
    async () => {
      const { credentials } = first!;
      await first!.stop();
      second = await startRun(cfg, 'dist');
      expect(second.credentials).toBeUndefined();
      const printed = second.stdout() + second.stderr();
      expect(printed).not.toContain(credentials!.password);
      expect(printed).not.toContain(credentials!.token);
      expect(printed).not.toContain('first start: these credentials');
      expect(second.stderr()).toContain('printed on the first start');
      const session = await signIn(second.url, credentials!.user, credentials!.password);
      expect(session.status).toBe(200);
      const { incidents } = await get<{ incidents: unknown[] }>(second.url, '/api/incidents?limit=100', session.cookie);
      expect(incidents.length).toBeGreaterThan(0);
    },
    START,
  );
});
