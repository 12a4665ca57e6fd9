import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../analyst/incident.js';
import type { Event, NetConnEvent } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { Action } from '../response/action.js';
import { QueryError } from '../search/parser.js';
import { SearchRequestError } from '../search/request.js';
import { GENERATED_START, generateEvents } from './generatedEvents.js';
import type { Store } from './store.js';

/** Opens and migrates a store at a path (":memory:" or a file). */
export type StoreFactory = (path: string) => Promise<Store>;

const T0 = Date.UTC(2026, 2, 1, 12);

function conn(i: number, over: Partial<NetConnEvent> = {}): NetConnEvent {
  return {
    kind: 'net.conn',
    time: T0 + i * 1000,
    source: { input: 'conn.log', line: i + 1 },
    entity: { kind: 'device', id: `10.0.0.${i % 3}` },
    uid: `C${i}`,
    src: `10.0.0.${i % 3}`,
    srcPort: 50000 + i,
    dst: `203.0.113.${i}`,
    dstPort: 443,
    proto: 'tcp',
    bytesOut: 100 * i,
    ...over,
  };
}

function breach(id: string, time: number, over: Partial<Breach> = {}): Breach {
  return {
    id,
    model: 'Anomalous Connection::Posting HTTP to IP Without Hostname',
    time,
    score: 60,
    entity: { kind: 'device', id: '10.0.0.1' },
    related: [{ kind: 'endpoint', id: '203.0.113.9' }],
    mitre: ['T1071.001'],
    summary: 'POST to a bare IP',
    evidence: [{ label: 'Destination', value: '203.0.113.9', baseline: '0 of 3 devices' }],
    sources: [{ input: 'http.log', line: 4 }],
    ...over,
  };
}

function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    id,
    title: 'Possible C2',
    score: 70,
    start: T0,
    end: T0 + 60_000,
    entities: [{ kind: 'device', id: '10.0.0.1' }],
    breaches: ['b1'],
    mitre: { tactics: ['command-and-control'], techniques: ['T1071'] },
    summary: 'A device talked to a rare endpoint.',
    timeline: [],
    status: 'open',
    ...over,
  };
}

function action(id: string, over: Partial<Action> = {}): Action {
  return {
    id,
    action: 'block_connections',
    target: { kind: 'device', id: '10.0.0.1' },
    scope: { endpoints: ['203.0.113.9'] },
    mode: 'human_confirmation',
    reason: ['b1'],
    rule: 'Response / Network / Significant Anomaly from Client Block',
    start: T0,
    expires: T0 + 3_600_000,
    status: 'awaiting_confirmation',
    audit: [{ time: T0, actor: 'policy', to: 'awaiting_confirmation', reason: 'score 70' }],
    ...over,
  };
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

/** The same cases against every Store implementation (DESIGN §7). */
export function storeSuite(name: string, open: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let dir: string;
    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), `telltale-store-${name}-`));
      store = await open(':memory:');
    });
    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('migrates idempotently and keeps data across a reopen of a file store', async () => {
      const path = join(dir, 'store.db');
      const a = await open(path);
      await a.migrate();
      await a.commit({
        events: [conn(1)],
        checkpoints: [{ source: '/logs/conn.log', offset: 10, line: 1, updated: T0 }],
      });
      await a.close();
      const b = await open(path);
      await b.migrate();
      expect(await b.countEvents()).toBe(1);
      expect((await b.getCheckpoint('/logs/conn.log'))?.offset).toBe(10);
      await b.close();
    });

    it('round-trips events and filters them by kind, time, entity, order and page', async () => {
      const events: Event[] = [0, 1, 2, 3, 4, 5].map((i) => conn(i));
      events.push({
        kind: 'saas.login',
        time: T0 + 2500,
        source: { input: 'ual.json', line: 1 },
        entity: { kind: 'user', id: 'alice@contoso.com' },
        user: 'alice@contoso.com',
        operation: 'UserLoggedIn',
        success: true,
        ip: '198.51.100.7',
      });
      await store.commit({ events });
      expect(await store.countEvents()).toBe(7);
      expect(await store.queryEvents({ limit: 1000 })).toEqual([...events].sort((a, b) => a.time - b.time));
      expect(await store.countEvents({ kinds: ['saas.login'] })).toBe(1);
      expect((await store.queryEvents({ entity: '10.0.0.1' })).map((e) => (e as NetConnEvent).uid)).toEqual([
        'C1',
        'C4',
      ]);
      expect(await store.countEvents({ from: T0 + 1000, to: T0 + 3000 })).toBe(3);
      const page = await store.queryEvents({ kinds: ['net.conn'], order: 'desc', limit: 2, offset: 1 });
      expect(page.map((e) => (e as NetConnEvent).uid)).toEqual(['C4', 'C3']);
    });

    it('commits a batch atomically: a failing part leaves nothing of the batch', async () => {
      await expect(
        store.commit({
          events: [conn(1)],
          breaches: [breach('b1', T0)],
          checkpoints: [{ source: 's', offset: 5, updated: T0 }],
          rejects: [{ input: null as unknown as string, reason: 'bad', text: 'x' }],
        }),
      ).rejects.toThrow();
      expect(await store.countEvents()).toBe(0);
      expect(await store.getBreach('b1')).toBeUndefined();
      expect(await store.getCheckpoint('s')).toBeUndefined();
      await store.commit({ events: [conn(2)], checkpoints: [{ source: 's', offset: 9, updated: T0 }] });
      expect(await store.countEvents()).toBe(1);
      expect((await store.getCheckpoint('s'))?.offset).toBe(9);
    });

    it('inserts breaches once by id and filters them', async () => {
      await store.commit({
        breaches: [breach('b1', T0), breach('b2', T0 + 10, { score: 90, entity: { kind: 'device', id: '10.0.0.2' } })],
      });
      await store.commit({ breaches: [breach('b1', T0, { summary: 'changed' })] });
      expect((await store.getBreach('b1'))?.summary).toBe('POST to a bare IP');
      expect(await store.getBreach('b1')).toEqual(breach('b1', T0));
      expect((await store.queryBreaches({})).map((b) => b.id)).toEqual(['b2', 'b1']);
      expect((await store.queryBreaches({ minScore: 80 })).map((b) => b.id)).toEqual(['b2']);
      expect((await store.queryBreaches({ entity: '10.0.0.1' })).map((b) => b.id)).toEqual(['b1']);
      expect((await store.queryBreaches({ from: T0 + 5 })).map((b) => b.id)).toEqual(['b2']);
      expect(await store.queryBreaches({ model: 'nope' })).toEqual([]);
    });

    it('upserts incidents and actions by id', async () => {
      await store.commit({ incidents: [incident('i1')], actions: [action('a1')] });
      await store.commit({
        incidents: [incident('i1', { status: 'closed', score: 80 }), incident('i2', { start: T0 + 5, end: T0 + 6 })],
        actions: [action('a1', { status: 'active' }), action('a2', { start: T0 + 1 })],
      });
      expect(await store.getIncident('i1')).toEqual(incident('i1', { status: 'closed', score: 80 }));
      expect((await store.listIncidents()).map((i) => i.id)).toEqual(['i2', 'i1']);
      expect((await store.listIncidents({ status: 'open' })).map((i) => i.id)).toEqual(['i2']);
      expect((await store.getAction('a1'))?.status).toBe('active');
      expect((await store.listActions({ status: ['awaiting_confirmation'] })).map((a) => a.id)).toEqual(['a2']);
      expect((await store.listActions()).length).toBe(2);
    });

    it('updates an action with an audit entry and a patch', async () => {
      await store.commit({ actions: [action('a1')] });
      const audit = {
        time: T0 + 5,
        actor: 'alice',
        from: 'awaiting_confirmation' as const,
        to: 'active' as const,
        reason: 'confirmed',
      };
      const updated = await store.updateAction('a1', audit, { expires: T0 + 7_200_000 });
      expect(updated?.status).toBe('active');
      expect(updated?.expires).toBe(T0 + 7_200_000);
      expect(updated?.audit).toHaveLength(2);
      expect(await store.getAction('a1')).toEqual(updated);
      expect((await store.listActions({ status: ['active'] })).map((a) => a.id)).toEqual(['a1']);
      expect(await store.updateAction('missing', audit)).toBeUndefined();
    });

    it('keeps audit entries only the store has when the policy commits its copy of an action again', async () => {
      const proposed = action('a1', { status: 'active' });
      await store.commit({ actions: [proposed] });
      const executed = {
        time: T0 + 1,
        actor: 'executor:nftables',
        from: 'active' as const,
        to: 'active' as const,
        reason: 'nftables: applied',
      };
      await store.updateAction('a1', executed);
      const extension = {
        time: T0 + 9,
        actor: 'policy',
        from: 'active' as const,
        to: 'extended' as const,
        reason: 'again',
      };
      const extended = { ...proposed, status: 'extended' as const, audit: [...proposed.audit, extension] };
      await store.commit({ actions: [extended] });
      await store.commit({ actions: [extended] });
      const stored = await store.getAction('a1');
      expect(stored?.status).toBe('extended');
      expect(stored?.audit).toEqual([...proposed.audit, executed, extension]);
      expect((await store.listActions({ status: ['extended'] })).map((a) => a.id)).toEqual(['a1']);
    });

    it('keeps rejects and checkpoints', async () => {
      await store.commit({
        rejects: [
          { input: 'conn.log', line: 7, reason: 'wrong column count', text: 'junk' },
          { input: 'x.gz', reason: 'truncated gzip', text: '' },
        ],
        checkpoints: [
          { source: 'b', fileId: '1:2', offset: 100, line: 3, updated: T0 },
          { source: 'a', cursor: 'next', updated: T0 },
        ],
      });
      await store.commit({ checkpoints: [{ source: 'b', fileId: '1:3', offset: 5, line: 1, updated: T0 + 1 }] });
      expect(await store.countRejects()).toBe(2);
      expect(await store.listRejects()).toEqual([
        { input: 'conn.log', line: 7, reason: 'wrong column count', text: 'junk' },
        { input: 'x.gz', reason: 'truncated gzip', text: '' },
      ]);
      expect(await store.listRejects(1)).toHaveLength(1);
      expect(await store.getCheckpoint('b')).toEqual({
        source: 'b',
        fileId: '1:3',
        offset: 5,
        line: 1,
        updated: T0 + 1,
      });
      expect((await store.listCheckpoints()).map((c) => c.source)).toEqual(['a', 'b']);
      expect(await store.getCheckpoint('none')).toBeUndefined();
    });

    it('exports from a file store while commits go on, reading one consistent snapshot', async () => {
      const fileStore = await open(join(dir, 'export.db'));
      const events = Array.from({ length: 2500 }, (_, i) => conn(i));
      await fileStore.commit({ events });
      const chunks: string[] = [];
      let committedMeanwhile = false;
      for await (const chunk of fileStore.exportSearch({ query: 'kind:net.conn', sort: { field: 'time' } }, 'json')) {
        chunks.push(chunk);
        // The first chunk is the opening bracket; after the second the query is under way.
        if (chunks.length === 2 && !committedMeanwhile) {
          await fileStore.commit({ events: [conn(9999)] });
          committedMeanwhile = true;
        }
      }
      expect(committedMeanwhile).toBe(true);
      expect(JSON.parse(chunks.join(''))).toEqual(events);
      expect(await fileStore.countEvents()).toBe(2501);
      await fileStore.close();
    });

    it('keeps the latest snapshot of each name, also when it is several MB', async () => {
      const big = {
        devices: Array.from({ length: 60_000 }, (_, i) => ({
          ip: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`,
          seen: i,
        })),
      };
      await store.saveSnapshot('baseline', T0, { v: 1 });
      await store.saveSnapshot('baseline', T0 + 1, big);
      expect(JSON.stringify(big).length).toBeGreaterThan(2_000_000);
      expect(await store.loadSnapshot('baseline')).toEqual({ time: T0 + 1, state: big });
      expect(await store.loadSnapshot('other')).toBeUndefined();
    });
  });
}

/** Search correctness: every query's result equals a plain filter over the generated events. */
export function searchSuite(name: string, open: StoreFactory): void {
  describe(`Store search: ${name}`, () => {
    let store: Store;
    const events = [...generateEvents({ count: 5000, seed: 7, spanMs: 3 * 86_400_000 })];
    const f = (e: Event): Record<string, unknown> => e as unknown as Record<string, unknown>;
    beforeAll(async () => {
      store = await open(':memory:');
      await store.commit({ events });
    });
    afterAll(async () => {
      await store.close();
    });

    const day2 = GENERATED_START + 86_400_000;
    const cases: [string, (e: Event) => boolean][] = [
      ['kind:net.conn', (e) => e.kind === 'net.conn'],
      ['kind:net.*', (e) => e.kind.startsWith('net.')],
      ['bytesOut:>1000000', (e) => ((f(e).bytesOut as number) ?? 0) > 1_000_000],
      [
        'dstPort:[1000 TO 2000]',
        (e) => typeof f(e).dstPort === 'number' && (f(e).dstPort as number) >= 1000 && (f(e).dstPort as number) <= 2000,
      ],
      [
        'dstPort:{443 TO 8080}',
        (e) => typeof f(e).dstPort === 'number' && (f(e).dstPort as number) > 443 && (f(e).dstPort as number) < 8080,
      ],
      ['time:[2026-03-02 TO 2026-03-02]', (e) => e.time >= day2 && e.time < day2 + 86_400_000],
      [
        'time:<2026-03-02T06:00:00Z AND kind:saas.login',
        (e) => e.time < day2 + 6 * 3_600_000 && e.kind === 'saas.login',
      ],
      ['kind:net.http method:POST', (e) => e.kind === 'net.http' && f(e).method === 'POST'],
      ['kind:net.http AND NOT method:GET', (e) => e.kind === 'net.http' && f(e).method !== 'GET'],
      ['NOT method:GET', (e) => f(e).method !== 'GET'],
      ['-kind:net.conn -kind:net.dns', (e) => e.kind !== 'net.conn' && e.kind !== 'net.dns'],
      [
        '(kind:saas.login AND success:false) OR validationStatus:"self signed certificate"',
        (e) =>
          (e.kind === 'saas.login' && f(e).success === false) || f(e).validationStatus === 'self signed certificate',
      ],
      [
        'query:update*.contoso.*',
        (e) => typeof f(e).query === 'string' && /^update.*\.contoso\..*$/.test(f(e).query as string),
      ],
      ['host:cdn?.*', (e) => typeof f(e).host === 'string' && /^cdn.\..*$/.test(f(e).host as string)],
      [
        'userAgent:*PowerShell*',
        (e) => typeof f(e).userAgent === 'string' && (f(e).userAgent as string).includes('PowerShell'),
      ],
      [
        'remote.country:RU bytesOut:>=10000',
        (e) =>
          (f(e).remote as { country?: string } | undefined)?.country === 'RU' && (f(e).bytesOut as number) >= 10_000,
      ],
      [
        'tools:sharepoint.search',
        (e) => Array.isArray(f(e).tools) && (f(e).tools as string[]).includes('sharepoint.search'),
      ],
      [
        'respMimeTypes:image/*',
        (e) =>
          Array.isArray(f(e).respMimeTypes) && (f(e).respMimeTypes as string[]).some((m) => m.startsWith('image/')),
      ],
      [
        '"ignore previous instructions"',
        (e) => JSON.stringify(e).toLowerCase().includes('ignore previous instructions'),
      ],
      ['NXDOMAIN', (e) => JSON.stringify(e).toLowerCase().includes('nxdomain')],
      ['established:false', (e) => f(e).established === false],
      ['duration:>100.5 connState:S0', (e) => (f(e).duration as number) > 100.5 && f(e).connState === 'S0'],
      ['user:user1@contoso.com', (e) => f(e).user === 'user1@contoso.com' || f(e).actor === 'user1@contoso.com'],
      ['entity:10.1.0.10 AND kind:net.dns', (e) => e.entity.id === '10.1.0.10' && e.kind === 'net.dns'],
    ];

    for (const [q, pred] of cases) {
      it(`finds exactly the matching events for ${q}`, async () => {
        const expected = events.filter(pred).sort((a, b) => b.time - a.time || b.source.line! - a.source.line!);
        const res = await store.search({ query: q, limit: 10_000 });
        expect(res.total).toBe(expected.length);
        expect(res.events.map((e) => e.source.line)).toEqual(expected.map((e) => e.source.line));
        expect(expected.length).toBeGreaterThan(0);
      });
    }

    it('applies the time range, sort and paging', async () => {
      const from = GENERATED_START + 3_600_000;
      const to = from + 3_600_000;
      const expected = events
        .filter((e) => e.kind === 'net.conn' && e.time >= from && e.time < to)
        .sort((a, b) => (f(b).bytesOut as number) - (f(a).bytesOut as number) || b.source.line! - a.source.line!);
      const page = await store.search({
        query: 'kind:net.conn',
        from,
        to,
        sort: { field: 'bytesOut', direction: 'desc' },
        limit: 5,
        offset: 3,
      });
      expect(page.total).toBe(expected.length);
      expect(page.events).toEqual(expected.slice(3, 8));
      const asc = await store.search({ query: 'kind:net.conn', from, to, sort: { field: 'time' }, limit: 1 });
      expect(asc.events[0]).toEqual([...expected].sort((a, b) => a.time - b.time)[0]);
    });

    it('counts the top values of a field, list fields by element', async () => {
      const counts = new Map<string, number>();
      for (const e of events) if (e.kind === 'net.conn') counts.set(e.dst, (counts.get(e.dst) ?? 0) + 1);
      const expected = [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      expect(await store.topValues({ query: 'kind:net.conn', field: 'dst', limit: 5 })).toEqual(expected.slice(0, 5));
      const kinds = await store.topValues({ field: 'kind', limit: 10 });
      expect(kinds.reduce((n, v) => n + v.count, 0)).toBe(events.length);
      const success = await store.topValues({ field: 'success', limit: 5 });
      expect(success.map((v) => v.value).sort()).toEqual(['false', 'true']);
      const mimes = await store.topValues({ field: 'respMimeTypes', limit: 5 });
      expect(mimes.reduce((n, v) => n + v.count, 0)).toBe(events.filter((e) => e.kind === 'net.http').length);
    });

    it('exports every match as CSV and as a JSON array', async () => {
      const expected = events
        .filter((e) => e.kind === 'saas.login')
        .sort((a, b) => b.time - a.time || b.source.line! - a.source.line!);
      const json = JSON.parse(await collect(store.exportSearch({ query: 'kind:saas.login' }, 'json'))) as Event[];
      expect(json).toEqual(expected);
      const csv = (await collect(store.exportSearch({ query: 'kind:saas.login' }, 'csv'))).trimEnd().split('\r\n');
      expect(csv[0]).toBe('time,kind,entity,src,srcPort,dst,dstPort,user,event');
      expect(csv).toHaveLength(expected.length + 1);
      expect(csv[1]!.startsWith(`${new Date(expected[0]!.time).toISOString()},saas.login,`)).toBe(true);
      expect(JSON.parse(await collect(store.exportSearch({ query: 'kind:nothing' }, 'json')))).toEqual([]);
    });

    it('rejects malformed queries and unknown fields with a position', async () => {
      await expect(store.search({ query: 'kind:net.conn AND nope:1' })).rejects.toMatchObject({ position: 18 });
      await expect(store.search({ query: 'bytesOut:>abc' })).rejects.toBeInstanceOf(QueryError);
      await expect(store.search({ sort: { field: 'answers' } })).rejects.toBeInstanceOf(SearchRequestError);
    });
  });
}
