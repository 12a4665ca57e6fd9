import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Checkpoint } from '../../store/store.js';
import { FakeMicrosoftApi } from '../m365/fake-microsoft-api.suite.js';
import type { PollerDeps } from '../m365/http-client.js';
import type { EventBatch } from '../source.js';
import { GraphSignInSource } from './graph-signins.js';

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

function source(checkpoint?: Checkpoint) {
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
    },
    checkpoint,
    deps,
  );
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
});
