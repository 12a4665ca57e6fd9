import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Checkpoint } from '../../store/store.js';
import { FakeMicrosoftApi } from '../m365/fake-microsoft-api.suite.js';
import type { PollerDeps } from '../m365/http-client.js';
import type { EventBatch } from '../source.js';
import { type GraphSignInOptions, GraphSignInSource } from './graph-signins.js';

const MIN = 60_000;
const START = Date.UTC(2026, 2, 10, 12);
let now = START;
let sleeps: number[] = [];
const deps: PollerDeps = {
  fetch: (input, init) => fetch(input, init),
  now: () => now,
  sleep: async (ms) => {
    sleeps.push(ms);
    now += ms;
  },
};
let api: FakeMicrosoftApi;

/** A Graph signIn resource, shaped like the real ones decoded in test/saas-decode-real.test.ts. */
function signIn(i: number, at: number) {
  return {
    id: `si-${i}`,
    createdDateTime: new Date(at).toISOString(),
    userPrincipalName: `User${i % 4}@Contoso.com`,
    appDisplayName: 'Office 365 Exchange Online',
    ipAddress: `198.51.100.${i % 200}`,
    clientAppUsed: 'Browser',
    status:
      i % 3 === 0
        ? {
            errorCode: 50126,
            failureReason: 'Invalid username or password or Invalid on-premise username or password.',
          }
        : { errorCode: 0 },
    location: { city: 'London', countryOrRegion: 'GB', geoCoordinates: { latitude: 51.5, longitude: -0.12 } },
    riskLevelDuringSignIn: 'none',
  };
}

function seed(from: number, count: number, start: number) {
  for (let i = 0; i < count; i++) api.signIns.push(signIn(from + i, start + i * MIN));
}

function source(checkpoint?: Checkpoint, extra: Partial<GraphSignInOptions> = {}) {
  process.env.TELLTALE_TEST_GRAPH_SECRET = api.clientSecret;
  return new GraphSignInSource(
    {
      tenantId: 'tenant-1',
      clientId: 'client-1',
      clientSecret: { env: 'TELLTALE_TEST_GRAPH_SECRET' },
      loginUrl: api.base,
      graphUrl: api.base,
      pollInterval: 5 * MIN,
      initialLookbackMs: 60 * MIN,
      ...extra,
    },
    checkpoint,
    deps,
  );
}

/** A checkpoint left by a poller that last delivered `ago` ms before now. */
function stoppedAgo(ago: number): Checkpoint {
  return { source: 'entra:tenant-1', cursor: JSON.stringify({ v: 1, since: now - ago, seen: [] }), updated: 0 };
}

const ids = (b: EventBatch) => b.events.map((e) => (e as { recordId?: string }).recordId!);

beforeEach(async () => {
  now = START;
  sleeps = [];
  api = new FakeMicrosoftApi(() => now);
  await api.start();
});
afterEach(async () => {
  await api.stop();
});

describe('Graph auditLogs/signIns poller', () => {
  test('follows @odata.nextLink, waits on 429, refreshes an expired token, orders by time', async () => {
    seed(0, 9, START - 30 * MIN);
    const src = source();
    api.throttle = 1;
    const b = await src.next();
    expect(sleeps).toContain(2000);
    expect(ids(b!)).toEqual(Array.from({ length: 9 }, (_, i) => `si-${i}`));
    const first = b!.events[0]!;
    expect(first).toMatchObject({
      kind: 'saas.login',
      user: 'user0@contoso.com',
      success: false,
      errorCode: 50126,
      country: 'GB',
      lat: 51.5,
    });
    expect(api.calls.filter((c) => c.includes('signIns')).length).toBeGreaterThanOrEqual(5);
    api.expireTokens();
    now += 6 * MIN;
    seed(100, 2, now - MIN);
    const tokens = api.tokensIssued;
    const next = await src.next();
    expect(ids(next!)).toEqual(['si-100', 'si-101']);
    expect(api.tokensIssued).toBe(tokens + 1);
  });

  test('a malformed page is retried on the next poll and nothing is skipped', async () => {
    seed(0, 4, START - 10 * MIN);
    const src = source();
    api.malformedOnce.add('signins');
    const bad = await src.next();
    expect(bad!.events).toEqual([]);
    expect(src.errors).toBe(1);
    now += 6 * MIN;
    expect(ids((await src.next())!)).toEqual(['si-0', 'si-1', 'si-2', 'si-3']);
  });

  test('a crash after a poll resumes from its checkpoint with no sign-in lost or repeated', async () => {
    seed(0, 5, START - 20 * MIN);
    const first = await source().next();
    const committed = first!.checkpoint!;
    now += 6 * MIN;
    seed(10, 3, now - 3 * MIN);
    // This poll's batch is lost in a crash before it is committed.
    const lost = source({ ...committed });
    await lost.next();
    const resumed = source(committed);
    const after = await resumed.next();
    const all = [...ids(first!), ...ids(after!)];
    expect(all).toEqual(['si-0', 'si-1', 'si-2', 'si-3', 'si-4', 'si-10', 'si-11', 'si-12']);
    now += 6 * MIN;
    expect(ids((await resumed.next())!)).toEqual([]);
  });

  test('catching up after downtime commits window by window, each batch bounded, none lost or repeated', async () => {
    const HOUR = 60 * MIN;
    // Three days down: a sign-in every 20 minutes, and a burst of 150 in one hour on the second day.
    const from = START - 3 * 24 * HOUR;
    let n = 0;
    for (let t = from + MIN; t < START; t += 20 * MIN) api.signIns.push(signIn(n++, t));
    const burst = from + 30 * HOUR;
    for (let i = 0; i < 150; i++) api.signIns.push(signIn(1000 + i, burst + i * 20_000));
    api.pageSize = 25;
    const opts = { pageSize: 25, maxBatchRecords: 60, catchUpWindowMs: 2 * HOUR };
    const all = api.signIns.length;
    const batches: EventBatch[] = [];
    const src = source(stoppedAgo(3 * 24 * HOUR), opts);
    for (let i = 0; i < 200 && (batches.length === 0 || sleeps.length === 0); i++) batches.push((await src.next())!);
    const got = batches.flatMap(ids);
    expect(new Set(got).size).toBe(got.length);
    expect(got).toHaveLength(all);
    // No batch held more than the bound, every batch carried its checkpoint, and time never ran backwards.
    expect(Math.max(...batches.map((b) => b.events.length))).toBeLessThanOrEqual(60);
    expect(batches.every((b) => b.checkpoint !== undefined)).toBe(true);
    const times = batches.flatMap((b) => b.events.map((e) => e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The burst was read in shorter windows than the quiet hours around it.
    const spans = api.signInQueries.map((q) => q.to - q.from).filter(Number.isFinite);
    expect(Math.min(...spans)).toBeLessThan(HOUR);
    expect(Math.max(...spans)).toBeGreaterThanOrEqual(2 * HOUR);
  });

  test('a crash in the middle of a catch-up resumes from the last committed window', async () => {
    const HOUR = 60 * MIN;
    for (let i = 0; i < 72; i++) api.signIns.push(signIn(i, START - 24 * HOUR + i * 20 * MIN));
    const opts = { pageSize: 25, catchUpWindowMs: 2 * HOUR };
    api.pageSize = 25;
    const first = source(stoppedAgo(24 * HOUR), opts);
    const committed: EventBatch[] = [];
    for (let i = 0; i < 4; i++) committed.push((await first.next())!);
    // The fifth window is read but never committed.
    await first.next();
    const resumed = source(committed.at(-1)!.checkpoint, opts);
    const rest: EventBatch[] = [];
    for (let i = 0; i < 50 && sleeps.length === 0; i++) rest.push((await resumed.next())!);
    const all = [...committed, ...rest].flatMap(ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(Array.from({ length: 72 }, (_, i) => `si-${i}`).sort());
  });

  test('the overlap is taken from the configuration', async () => {
    seed(0, 2, START - 10 * MIN);
    const src = source(undefined, { overlap: 30 * MIN });
    await src.next();
    now += 6 * MIN;
    await src.next();
    const last = api.signInQueries.at(-1)!;
    expect(last.from).toBe(START - 30 * MIN);
  });
});
