import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type SourceConfig, sourceSchema } from '../../config/schema.js';
import type { Checkpoint } from '../../store/store.js';
import type { EventBatch } from '../source.js';
import { FakeMicrosoftApi } from './fake-microsoft-api.suite.js';
import type { PollerDeps } from './http-client.js';
import { ManagementActivitySource } from './management-api.js';

const HOUR = 3_600_000;
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

function record(i: number, created: number) {
  return {
    CreationTime: new Date(created).toISOString().slice(0, 19),
    Id: `rec-${i}`,
    Operation: i % 2 === 0 ? 'UserLoggedIn' : 'UserLoginFailed',
    OrganizationId: 'tenant-1',
    RecordType: 15,
    ResultStatus: 'Success',
    UserId: `user${i % 5}@contoso.com`,
    ClientIP: `203.0.113.${i % 250}:443`,
    Workload: 'AzureActiveDirectory',
  };
}

/** Blobs spread over the last `hours` hours, `perBlob` records each, alternating content types. */
function seed(blobs: number, perBlob: number, hours: number, from = 0) {
  for (let b = 0; b < blobs; b++) {
    const created = now - hours * HOUR + ((b + 1) * hours * HOUR) / (blobs + 1);
    const records = Array.from({ length: perBlob }, (_, j) => record(from + b * perBlob + j, created));
    api.blobs.push({
      contentType: b % 2 === 0 ? 'Audit.AzureActiveDirectory' : 'Audit.Exchange',
      contentId: `blob-${from + b}`,
      created,
      records,
    });
  }
}

function source(
  checkpoint?: Checkpoint,
  lookbackHours = 24,
  contentTypes = ['Audit.AzureActiveDirectory', 'Audit.Exchange'],
) {
  process.env.TELLTALE_TEST_M365_SECRET = api.clientSecret;
  return new ManagementActivitySource(
    {
      tenantId: 'tenant-1',
      clientId: 'client-1',
      clientSecret: { env: 'TELLTALE_TEST_M365_SECRET' },
      contentTypes,
      loginUrl: api.base,
      apiUrl: api.base,
      pollInterval: 5 * 60_000,
      initialLookbackMs: lookbackHours * HOUR,
    },
    checkpoint,
    deps,
  );
}

/** Pull batches until the source has been idle for three polls. */
async function drain(src: ManagementActivitySource, onBatch?: (b: EventBatch, i: number) => boolean) {
  const batches: EventBatch[] = [];
  let idle = 0;
  for (let i = 0; i < 500 && idle < 3; i++) {
    const b = (await src.next())!;
    batches.push(b);
    idle = b.events.length === 0 && b.rejects.length === 0 ? idle + 1 : 0;
    if (onBatch && !onBatch(b, i)) break;
  }
  return batches;
}

const ids = (batches: EventBatch[]) =>
  batches.flatMap((b) => b.events.map((e) => (e as { recordId?: string }).recordId!));

beforeEach(async () => {
  now = START;
  sleeps = [];
  api = new FakeMicrosoftApi(() => now);
  await api.start();
});
afterEach(async () => {
  await api.stop();
});

describe('Office 365 Management Activity API poller', () => {
  test('starts subscriptions, pages the listing, fetches every blob and decodes every record', async () => {
    seed(9, 4, 20);
    const src = source();
    const batches = await drain(src);
    expect(api.calls.filter((c) => c.startsWith('POST') && c.includes('subscriptions/start'))).toHaveLength(2);
    expect(api.calls.filter((c) => c.includes('subscriptions/content')).length).toBeGreaterThan(2);
    const got = ids(batches);
    expect(got.sort()).toEqual(Array.from({ length: 36 }, (_, i) => `rec-${i}`).sort());
    const first = batches.flatMap((b) => b.events)[0]!;
    expect(first).toMatchObject({ kind: 'saas.login', source: { input: expect.stringMatching(/^m365:Audit\./) } });
    expect((first as { ip?: string }).ip).toMatch(/^203\.0\.113\.\d+$/);
    expect(src.errors).toBe(0);
    // A second run on the same tenant: the API answers AF20024 (already enabled), which is fine.
    const again = source(batches.at(-1)!.checkpoint);
    await drain(again);
    expect(again.errors).toBe(0);
  });

  test('waits as told on 429, refreshes an expired token, retries a malformed blob', async () => {
    seed(4, 3, 10);
    const src = source();
    api.throttle = 2;
    api.malformedOnce.add('blob-1');
    const batches = await drain(src, (_b, i) => {
      if (i === 1) api.expireTokens();
      return true;
    });
    expect(sleeps.filter((s) => s === 2000)).toHaveLength(2);
    expect(api.tokensIssued).toBeGreaterThanOrEqual(2);
    expect(ids(batches).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `rec-${i}`).sort());
    expect(batches.flatMap((b) => b.rejects)).toEqual([]);
  });

  test('lists in windows of at most 24 hours, never older than 7 days', async () => {
    seed(6, 2, 3 * 24);
    const old: Checkpoint = {
      source: 'm365:tenant-1',
      cursor: JSON.stringify({
        v: 1,
        types: {
          'Audit.AzureActiveDirectory': { from: now - 10 * 24 * HOUR, seen: [] },
          'Audit.Exchange': { from: now - 10 * 24 * HOUR, seen: [] },
        },
      }),
      updated: 0,
    };
    const src = source(old);
    const batches = await drain(src);
    expect(src.errors).toBe(0);
    expect(ids(batches)).toHaveLength(12);
  });

  test('a crash after any batch resumes from its checkpoint with no record lost or repeated', async () => {
    seed(10, 3, 20);
    const full = ids(await drain(source()));
    expect(full).toHaveLength(30);
    for (const crashAfter of [0, 3, 6]) {
      now = START;
      const committed: EventBatch[] = [];
      await drain(source(), (b, i) => {
        if (i <= crashAfter) committed.push(b);
        return i <= crashAfter;
      });
      const resumed = await drain(source(committed.at(-1)!.checkpoint));
      const all = [...ids(committed), ...ids(resumed)];
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual([...full].sort());
    }
  });

  test('a content type the application may not read is reported and skipped, the others go on, and it is retried', async () => {
    seed(6, 2, 10);
    api.deniedContentTypes.add('DLP.All');
    const src = source(undefined, 24, ['Audit.AzureActiveDirectory', 'DLP.All', 'Audit.Exchange']);
    const first = await drain(src);
    expect(ids(first).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `rec-${i}`).sort());
    const refusals = first.flatMap((b) => b.rejects);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ input: 'm365:DLP.All' });
    expect(refusals[0]!.reason).toMatch(/DLP\.All subscription start refused with HTTP 401; skipped.*retried after/);
    expect(refusals[0]!.text).toMatch(/AF10001/);
    expect(src.errors).toBe(1);
    // The permission is granted; after the retry time the type is subscribed and read from where it began.
    api.deniedContentTypes.delete('DLP.All');
    api.blobs.push({
      contentType: 'DLP.All',
      contentId: 'dlp-1',
      created: now - HOUR,
      records: [record(500, now - HOUR)],
    });
    now += 31 * 60_000;
    const second = await drain(src);
    expect(ids(second)).toEqual(['rec-500']);
    expect(second.flatMap((b) => b.rejects)).toEqual([]);
  });

  test('a content type whose listing is refused is skipped without stalling the others', async () => {
    seed(4, 2, 10);
    const src = source();
    const firstBatch = (await src.next())!;
    expect(firstBatch.rejects).toEqual([]);
    api.deniedContentTypes.add('Audit.Exchange');
    now += HOUR;
    seed(4, 2, 1, 100);
    const rest = await drain(src);
    const got = [...ids([firstBatch]), ...ids(rest)];
    // Every Azure AD record arrives; Exchange records listed before the refusal may too, nothing twice.
    expect(new Set(got).size).toBe(got.length);
    for (const id of ['rec-0', 'rec-1', 'rec-4', 'rec-5', 'rec-100', 'rec-101', 'rec-104', 'rec-105'])
      expect(got).toContain(id);
    expect(rest.flatMap((b) => b.rejects).some((r) => /Audit\.Exchange content listing refused/.test(r.reason))).toBe(
      true,
    );
  });

  test('a malformed listing page is retried; while it lasts the other content types go on', async () => {
    seed(6, 2, 10);
    // Exchange is listed first: its broken page must not keep Azure AD from being listed.
    const src = source(undefined, 24, ['Audit.Exchange', 'Audit.AzureActiveDirectory']);
    api.malformedListings.set('Audit.Exchange', 1000);
    const during = ids(await drain(src));
    // Every Azure AD blob (even-numbered) arrives; Exchange waits without holding them up.
    expect(during.sort()).toEqual(['rec-0', 'rec-1', 'rec-4', 'rec-5', 'rec-8', 'rec-9']);
    expect(src.errors).toBeGreaterThan(0);
    expect(src.lastError).toMatch(/malformed content listing for Audit\.Exchange from http/);
    // The page is whole again: the Exchange window is listed from where it stood, nothing lost or repeated.
    api.malformedListings.clear();
    now += 10 * 60_000;
    const after = ids(await drain(src));
    expect([...during, ...after].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `rec-${i}`).sort());
  });

  test('content that expired before it was fetched (404 or 410) is counted and skipped, not waited for', async () => {
    seed(6, 2, 10);
    api.expired.set('blob-1', 410);
    api.expired.set('blob-4', 404);
    const src = source();
    const batches = await drain(src);
    const rejects = batches.flatMap((b) => b.rejects);
    expect(rejects.map((r) => r.reason).sort()).toEqual([
      'content blob-1 expired or missing (HTTP 410); skipped',
      'content blob-4 expired or missing (HTTP 404); skipped',
    ]);
    expect(rejects.map((r) => r.input).sort()).toEqual(['m365:Audit.AzureActiveDirectory', 'm365:Audit.Exchange']);
    expect(ids(batches)).toHaveLength(8);
    // Both windows moved on: content published later still arrives.
    now += HOUR;
    seed(2, 2, 1, 100);
    expect(ids(await drain(src)).sort()).toEqual(['rec-100', 'rec-101', 'rec-102', 'rec-103']);
  });

  test('a blob that never parses is rejected with where it came from, and the poller goes on', async () => {
    seed(4, 3, 10);
    api.malformedAlways.add('blob-2');
    const src = source();
    const batches = await drain(src);
    const rejects = batches.flatMap((b) => b.rejects);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ input: 'm365:Audit.AzureActiveDirectory' });
    expect(rejects[0]!.reason).toMatch(
      /^content blob blob-2 is not a JSON array after 3 attempts; skipped \(http:\/\/127\.0\.0\.1:\d+\/.*\/audit\/blob-2\)$/,
    );
    expect(rejects[0]!.text).toMatch(/^\[\{"CreationTime"/);
    expect(ids(batches).sort()).toEqual(
      ['rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-4', 'rec-5', 'rec-9', 'rec-10', 'rec-11'].sort(),
    );
    now += HOUR;
    seed(2, 1, 1, 100);
    expect(ids(await drain(src)).sort()).toEqual(['rec-100', 'rec-101']);
  });

  test('Retry-After given as an HTTP date is waited out', async () => {
    seed(2, 1, 2);
    api.retryAfterAsDate = true;
    api.retryAfterSeconds = 7;
    api.throttle = 1;
    const batches = await drain(source());
    expect(sleeps).toContain(7000);
    expect(ids(batches)).toHaveLength(2);
  });

  test('content published after a poll is picked up by the next, once', async () => {
    seed(2, 2, 2);
    const src = source();
    const first = await drain(src);
    now += HOUR;
    seed(2, 2, 1, 100);
    const second = await drain(src);
    const all = [...ids(first), ...ids(second)];
    expect(all).toHaveLength(8);
    expect(new Set(all).size).toBe(8);
  });
});

test('the configuration section is all the poller needs', () => {
  const cfg = sourceSchema.parse({
    type: 'm365-management-api',
    tenantId: 't',
    clientId: 'c',
    clientSecret: { env: 'TELLTALE_TEST_M365_SECRET' },
  }) as Extract<SourceConfig, { type: 'm365-management-api' }>;
  process.env.TELLTALE_TEST_M365_SECRET = 's';
  const src = new ManagementActivitySource(cfg);
  expect(src.id).toBe('m365:t');
  expect(cfg.contentTypes).toHaveLength(5);
  expect(JSON.stringify(src)).not.toContain('"s"');
});
