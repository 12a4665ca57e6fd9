import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import type { FirstStartCredentials } from '../src/server/index.js';
import { checkBind, createServer, resetAdminAccess } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import { actions, breach, events, incident } from './api-fixtures.js';

type Creds = { authorization: string };

let app: FastifyInstance;
let store: Store;
let first: FirstStartCredentials;
const tokens: Record<'viewer' | 'analyst' | 'admin', Creds> = {} as never;
const modelUpdates: unknown[] = [];
const ingested: unknown[][] = [];

function bearer(t: string): Creds {
  return { authorization: `Bearer ${t}` };
}

beforeAll(async () => {
  store = await openStore(':memory:');
  await store.commit({ events, breaches: [breach], incidents: [incident], actions });
  const announced: FirstStartCredentials[] = [];
  app = await createServer({
    store,
    config: configSchema.parse({}),
    logger: false,
    webRoot: false,
    announce: (c) => announced.push(c),
    onModelsChanged: (o) => modelUpdates.push(o),
    onIngest: async (evs) => {
      ingested.push(evs);
      await store.commit({ events: evs });
    },
  });
  expect(announced).toHaveLength(1);
  first = announced[0]!;
  tokens.admin = bearer(first.token);
  for (const role of ['viewer', 'analyst'] as const) {
    const r = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: tokens.admin,
      payload: { name: role, role },
    });
    expect(r.statusCode).toBe(200);
    tokens[role] = bearer(r.json().token);
  }
});

afterAll(async () => {
  await app.close();
  await store.close();
});

async function settingsText(): Promise<string> {
  const names = ['server.users', 'server.tokens', 'server.audit'];
  return JSON.stringify(await Promise.all(names.map((n) => store.loadSnapshot(n))));
}

describe('first start', () => {
  it('stores only digests and hashes, and announces nothing on the next start', async () => {
    const stored = await settingsText();
    expect(stored).toContain('scrypt$');
    expect(stored).not.toContain(first.token);
    expect(stored).not.toContain(first.password);
    const again: FirstStartCredentials[] = [];
    const second = await createServer({
      store,
      config: configSchema.parse({}),
      logger: false,
      webRoot: false,
      announce: (c) => again.push(c),
    });
    expect(again).toHaveLength(0);
    const r = await second.inject({ method: 'GET', url: '/api/incidents', headers: tokens.admin });
    expect(r.statusCode).toBe(200);
    await second.close();
  });
});

describe('authentication', () => {
  it('answers 401 without credentials and with a bad or malformed token', async () => {
    for (const headers of [{}, bearer('tt_wrong'), { authorization: 'Bearer' }, { authorization: 'Basic abc' }]) {
      const r = await app.inject({ method: 'GET', url: '/api/breaches', headers });
      expect(r.statusCode).toBe(401);
      expect(r.json().error).toBe('unauthorized');
    }
  });

  it('lets public routes through', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
      status: 'ok',
      store: store.kind,
    });
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
  });

  it('sends security headers that keep the UI to its own files', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('describes every route in OpenAPI', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/actions/{id}/confirm',
      '/api/search/export',
      '/api/entities/{kind}/{id}',
      '/api/models/{name}',
    ]) {
      expect(paths).toContain(p);
    }
    expect(doc.paths['/api/breaches'].get.parameters.map((x: { name: string }) => x.name)).toContain('minScore');
    expect(doc.paths['/api/ingest/events'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/ingest/prompts.jsonl'].post.requestBody.content['application/x-ndjson']).toBeDefined();
  });
});

/** Every protected route with the least role that may use it; lower roles must get 403. */
const ROUTES: {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  role: 'viewer' | 'analyst' | 'admin';
  payload?: object;
}[] = [
  { method: 'GET', url: '/api/breaches', role: 'viewer' },
  { method: 'GET', url: '/api/breaches/b-1', role: 'viewer' },
  { method: 'GET', url: '/api/incidents', role: 'viewer' },
  { method: 'GET', url: '/api/incidents/i-1', role: 'viewer' },
  { method: 'GET', url: '/api/actions', role: 'viewer' },
  { method: 'GET', url: '/api/actions/a-1', role: 'viewer' },
  { method: 'GET', url: '/api/entities?kind=device', role: 'viewer' },
  { method: 'GET', url: '/api/entities/device/10.0.0.5', role: 'viewer' },
  { method: 'GET', url: '/api/models', role: 'viewer' },
  { method: 'GET', url: '/api/search?q=proto:tcp', role: 'viewer' },
  { method: 'GET', url: '/api/search/top?field=dst', role: 'viewer' },
  { method: 'GET', url: '/api/search/export?format=json', role: 'viewer' },
  { method: 'GET', url: '/api/metrics', role: 'viewer' },
  { method: 'GET', url: '/api/session', role: 'viewer' },
  {
    method: 'POST',
    url: '/api/actions/a-2/extend',
    role: 'analyst',
    payload: { reason: 'still investigating', durationMs: 3600_000 },
  },
  {
    method: 'POST',
    url: '/api/ingest/prompts',
    role: 'analyst',
    payload: { prompts: [{ time: '2026-03-12T10:00:00Z', actor: 'Alice@Contoso.com', prompt: 'summarise this' }] },
  },
  { method: 'GET', url: '/api/tokens', role: 'admin' },
  { method: 'GET', url: '/api/users', role: 'admin' },
  { method: 'GET', url: '/api/audit', role: 'admin' },
  {
    method: 'PUT',
    url: '/api/users/carol',
    role: 'admin',
    payload: { role: 'viewer', password: 'correct horse battery' },
  },
];

describe('roles', () => {
  for (const r of ROUTES) {
    it(`${r.method} ${r.url} needs ${r.role}`, async () => {
      const lower = r.role === 'admin' ? ['viewer', 'analyst'] : r.role === 'analyst' ? ['viewer'] : [];
      for (const role of lower as ('viewer' | 'analyst')[]) {
        const denied = await app.inject({ method: r.method, url: r.url, headers: tokens[role], payload: r.payload });
        expect(denied.statusCode, role).toBe(403);
      }
      const ok = await app.inject({ method: r.method, url: r.url, headers: tokens[r.role], payload: r.payload });
      expect(ok.statusCode, ok.body).toBe(200);
    });
  }

  it('refuses every state change to roles below the one it needs, before looking at the input', async () => {
    const changes: [string, string, 'viewer' | 'analyst'][] = [
      ['POST', '/api/actions/a-1/confirm', 'viewer'],
      ['POST', '/api/actions/a-1/extend', 'viewer'],
      ['POST', '/api/actions/a-1/clear', 'viewer'],
      ['POST', '/api/ingest/events', 'viewer'],
      ['POST', '/api/ingest/prompts', 'viewer'],
      ['PUT', '/api/models/x', 'analyst'],
      ['POST', '/api/tokens', 'analyst'],
      ['DELETE', '/api/tokens/x', 'analyst'],
      ['PUT', '/api/users/x', 'analyst'],
      ['DELETE', '/api/users/x', 'analyst'],
    ];
    for (const [method, url, highestDenied] of changes) {
      const denied = highestDenied === 'analyst' ? (['viewer', 'analyst'] as const) : (['viewer'] as const);
      for (const role of denied) {
        const r = await app.inject({ method: method as 'POST', url, headers: tokens[role], payload: {} });
        expect(r.statusCode, `${role} ${method} ${url}`).toBe(403);
      }
      const anonymous = await app.inject({ method: method as 'POST', url, payload: {} });
      expect(anonymous.statusCode, `anonymous ${method} ${url}`).toBe(401);
    }
  });

  it('keeps models and token management for admins', async () => {
    const url = `/api/models/${encodeURIComponent('anything')}`;
    const r = await app.inject({ method: 'PUT', url, headers: tokens.analyst, payload: { enabled: false } });
    expect(r.statusCode).toBe(403);
    const t = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: tokens.analyst,
      payload: { name: 'x', role: 'admin' },
    });
    expect(t.statusCode).toBe(403);
  });
});

describe('reading', () => {
  it('gives an incident with its breaches and actions', async () => {
    const r = (await app.inject({ method: 'GET', url: '/api/incidents/i-1', headers: tokens.viewer })).json();
    expect(r.incident.summary).toContain('steady rhythm');
    expect(r.breaches.map((b: { id: string }) => b.id)).toEqual(['b-1']);
    expect(r.actions.map((a: { id: string }) => a.id).sort()).toEqual(['a-1', 'a-2', 'a-3']);
  });

  it('filters breaches and 404s unknown ids', async () => {
    const high = (await app.inject({ method: 'GET', url: '/api/breaches?minScore=90', headers: tokens.viewer })).json();
    expect(high.breaches).toHaveLength(0);
    const all = (await app.inject({ method: 'GET', url: '/api/breaches?minScore=50', headers: tokens.viewer })).json();
    expect(all.breaches).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/api/breaches/nope', headers: tokens.viewer })).statusCode).toBe(
      404,
    );
    expect((await app.inject({ method: 'GET', url: '/api/incidents/nope', headers: tokens.viewer })).statusCode).toBe(
      404,
    );
  });

  it('draws an entity profile with a beacon rhythm', async () => {
    const p = (
      await app.inject({ method: 'GET', url: '/api/entities/device/10.0.0.5', headers: tokens.viewer })
    ).json();
    expect(p.destinations[0]).toMatchObject({ endpoint: '203.0.113.9', connections: 12, bytesOut: 4800 });
    expect(p.beaconIntervals[0].medianSeconds).toBe(300);
    expect(p.breaches[0]).toMatchObject({ model: breach.model, count: 1 });
  });

  it('lists models from the registry with their settings', async () => {
    const r = (await app.inject({ method: 'GET', url: '/api/models', headers: tokens.viewer })).json();
    expect(Array.isArray(r.models)).toBe(true);
  });

  it('searches, ranks top values and exports', async () => {
    const s = (
      await app.inject({ method: 'GET', url: '/api/search?q=dst:203.0.113.9&limit=5', headers: tokens.viewer })
    ).json();
    expect(s.total).toBe(12);
    expect(s.events).toHaveLength(5);
    const top = (await app.inject({ method: 'GET', url: '/api/search/top?field=dst', headers: tokens.viewer })).json();
    expect(top.values[0]).toEqual({ value: '203.0.113.9', count: 12 });
    const csv = await app.inject({
      method: 'GET',
      url: '/api/search/export?q=dst:203.0.113.9&format=csv',
      headers: tokens.viewer,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.trim().split('\n')).toHaveLength(13);
  });

  it('reports malformed queries as 400 with the position', async () => {
    for (const url of ['/api/search?q=(kind:x', '/api/search/top?q=(x&field=dst', '/api/search/export?q=(x']) {
      const r = await app.inject({ method: 'GET', url, headers: tokens.viewer });
      expect(r.statusCode).toBe(400);
      expect(r.json().message).toMatch(/position 0/);
    }
  });

  it('renders Prometheus metrics', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/metrics', headers: tokens.viewer });
    expect(r.headers['content-type']).toContain('text/plain');
    expect(r.body).toMatch(/^telltale_stored_events \d+$/m);
    expect(r.body).toMatch(/^telltale_actions\{status="cleared"\} 1$/m);
  });

  it('counts API events once, labelled by the sender with the label value escaped', async () => {
    const own = await openStore(':memory:');
    const announced: FirstStartCredentials[] = [];
    const plain = await createServer({
      store: own,
      config: configSchema.parse({}),
      logger: false,
      webRoot: false,
      announce: (c) => announced.push(c),
    });
    const admin = bearer(announced[0]!.token);
    const made = await plain.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: admin,
      payload: { name: 'edge "collector"\\1', role: 'analyst' },
    });
    const prompts = [{ time: '2026-03-12T10:00:00Z', actor: 'a@b.c', prompt: 'hi' }];
    const sent = await plain.inject({
      method: 'POST',
      url: '/api/ingest/prompts',
      headers: bearer(made.json().token),
      payload: { prompts: [...prompts, ...prompts] },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const text = (await plain.inject({ method: 'GET', url: '/api/metrics', headers: admin })).body;
    const lines = text.split('\n').filter((l) => l.startsWith('telltale_events_in_total{'));
    expect(lines).toEqual(['telltale_events_in_total{source="api:token:edge \\"collector\\"\\\\1"} 2']);
    await plain.close();
    await own.close();
  });
});

describe('acting', () => {
  it('confirms an awaiting action with an audit entry, and refuses to confirm it twice', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/actions/a-1/confirm',
      headers: tokens.analyst,
      payload: { reason: 'C2 confirmed' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('active');
    expect((await store.getAction('a-1'))!.audit.at(-1)).toMatchObject({
      actor: 'token:analyst',
      from: 'awaiting_confirmation',
      to: 'active',
      reason: 'C2 confirmed',
    });
    const again = await app.inject({
      method: 'POST',
      url: '/api/actions/a-1/confirm',
      headers: tokens.analyst,
      payload: { reason: 'x' },
    });
    expect(again.statusCode).toBe(409);
    const audit = (await app.inject({ method: 'GET', url: '/api/audit', headers: tokens.admin })).json();
    expect(
      audit.entries.some(
        (e: { action: string; target: string }) => e.action === 'action.confirm' && e.target === 'a-1',
      ),
    ).toBe(true);
  });

  it('clears an action and rejects decisions without a reason', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/actions/a-2/clear',
      headers: tokens.analyst,
      payload: { reason: '  ' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('reason');
    expect((await store.getAction('a-2'))!.status).not.toBe('cleared');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/actions/a-2/clear',
      headers: tokens.analyst,
      payload: { reason: 'false positive' },
    });
    expect(ok.json().status).toBe('cleared');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/actions/none/clear',
          headers: tokens.analyst,
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('applies a model allow-list to breaches already stored', async () => {
    const url = `/api/models/${encodeURIComponent(breach.model)}`;
    const list = async (extra = '') =>
      (await app.inject({ method: 'GET', url: `/api/breaches?minScore=0${extra}`, headers: tokens.viewer })).json()
        .breaches as { id: string }[];
    expect((await list()).map((b) => b.id)).toContain(breach.id);
    const allow = await app.inject({
      method: 'PUT',
      url,
      headers: tokens.admin,
      payload: { allow: [breach.entity.id] },
    });
    expect(allow.statusCode).toBe(200);
    expect((await list()).map((b) => b.id)).not.toContain(breach.id);
    expect((await list('&includeAllowListed=true')).map((b) => b.id)).toContain(breach.id);
    await app.inject({ method: 'PUT', url, headers: tokens.admin, payload: { allow: [] } });
    expect((await list()).map((b) => b.id)).toContain(breach.id);
  });

  it('tunes a model by its exact name and tells the engine', async () => {
    const model = (await app.inject({ method: 'GET', url: '/api/models', headers: tokens.viewer })).json().models[0];
    if (model === undefined) return;
    const url = `/api/models/${encodeURIComponent(model.name)}`;
    const r = await app.inject({
      method: 'PUT',
      url,
      headers: tokens.admin,
      payload: { enabled: false, allow: ['10.0.0.0/8'] },
    });
    expect(r.statusCode).toBe(200);
    expect(modelUpdates.at(-1)).toMatchObject({ [model.name]: { enabled: false, allow: ['10.0.0.0/8'] } });
    const bad = await app.inject({
      method: 'PUT',
      url,
      headers: tokens.admin,
      payload: { thresholds: { noSuchKnob: 1 } },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('404s tuning an unknown model', async () => {
    const r = await app.inject({
      method: 'PUT',
      url: '/api/models/Nope',
      headers: tokens.admin,
      payload: { enabled: true },
    });
    expect(r.statusCode).toBe(404);
  });
});

describe('ingest', () => {
  it('accepts valid events and fills in the entity', async () => {
    const before = ingested.length;
    const r = await app.inject({
      method: 'POST',
      url: '/api/ingest/events',
      headers: tokens.analyst,
      payload: {
        events: [
          {
            kind: 'saas.login',
            time: '2026-03-12T10:00:00Z',
            user: 'Bob@Contoso.com',
            operation: 'UserLoggedIn',
            success: true,
          },
        ],
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(ingested.length).toBe(before + 1);
    expect(ingested.at(-1)![0]).toMatchObject({
      entity: { kind: 'user', id: 'bob@contoso.com' },
      time: Date.UTC(2026, 2, 12, 10),
    });
    // The batch is one entry of the audit log.
    const audit = (await app.inject({ method: 'GET', url: '/api/audit?limit=1', headers: tokens.admin })).json();
    expect(audit.entries[0]).toMatchObject({
      actor: 'token:analyst',
      action: 'ingest.batch',
      target: 'api:token:analyst',
      detail: { route: '/api/ingest/events', accepted: 1 },
    });
  });

  it('records who sent an event, whatever source the caller claims', async () => {
    const forged = {
      kind: 'net.conn',
      time: '2026-03-12T10:05:00Z',
      source: { input: 'zeek:/var/log/zeek/conn.log', line: 7 },
      uid: 'Cforged',
      src: '10.0.0.7',
      srcPort: 50000,
      dst: '198.51.100.4',
      dstPort: 443,
      proto: 'tcp',
    };
    const r = await app.inject({
      method: 'POST',
      url: '/api/ingest/events',
      headers: tokens.analyst,
      payload: { events: [forged, { ...forged, uid: 'Cforged2', source: undefined }] },
    });
    expect(r.statusCode, r.body).toBe(200);
    const [kept, plain] = ingested.at(-1)! as { source: { input: string; line?: number; cursor?: string } }[];
    expect(kept!.source).toMatchObject({ input: 'api:token:analyst', line: 7 });
    expect(plain!.source.input).toBe('api:token:analyst');
    expect(plain!.source.cursor).not.toBe(kept!.source.cursor);
  });

  it('rejects a batch with one malformed event with a clear 400 and keeps none of it', async () => {
    const count = await store.countEvents();
    const calls = ingested.length;
    const r = await app.inject({
      method: 'POST',
      url: '/api/ingest/events',
      headers: tokens.analyst,
      payload: {
        events: [
          { kind: 'saas.login', time: 1, user: 'a@b.c', operation: 'UserLoggedIn', success: true },
          {
            kind: 'net.conn',
            time: 'yesterday',
            uid: 'C1',
            src: '10.0.0.1',
            srcPort: 1,
            dst: '1.1.1.1',
            dstPort: 99999,
            proto: 'tcp',
          },
        ],
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/events\[1\]/);
    expect(r.json().message).toMatch(/dstPort/);
    expect(await store.countEvents()).toBe(count);
    expect(ingested.length).toBe(calls);
  });

  it('takes prompt JSON lines from collectors, answering bad lines by number', async () => {
    const before = ingested.length;
    const body = [
      JSON.stringify({ time: '2026-03-12T11:00:00Z', actor: 'Alice@Contoso.com', prompt: 'hello' }),
      '{not json',
      JSON.stringify({ time: '2026-03-12T11:01:00Z', actor: 'alice@contoso.com' }),
    ].join('\n');
    const headers = { ...tokens.analyst, 'content-type': 'application/x-ndjson' };
    const r = await app.inject({ method: 'POST', url: '/api/ingest/prompts.jsonl', headers, payload: body });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().accepted).toBe(1);
    expect(r.json().rejected.map((x: { line: number }) => x.line)).toEqual([2, 3]);
    expect(ingested.length).toBe(before + 1);
    expect((ingested.at(-1)![0] as { source: { input: string } }).source.input).toBe('api:token:analyst');
    const viewer = await app.inject({
      method: 'POST',
      url: '/api/ingest/prompts.jsonl',
      headers: { ...tokens.viewer, 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    // A known caller without the role is refused (403), not asked to sign in (401).
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().error).toBe('forbidden');
    expect(ingested.length).toBe(before + 1);
  });

  it('receives OTLP/HTTP JSON traces with GenAI spans from an exporter', async () => {
    const before = ingested.length;
    const attr = (key: string, v: string) => ({ key, value: { stringValue: v } });
    const traces = {
      resourceSpans: [
        {
          resource: { attributes: [attr('service.name', 'helpdesk-bot')] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'ab',
                  spanId: '01',
                  name: 'chat gpt-4o',
                  startTimeUnixNano: '1773306843000000000',
                  attributes: [
                    attr('gen_ai.operation.name', 'chat'),
                    attr('gen_ai.request.model', 'gpt-4o'),
                    attr('user.id', 'Carol@Contoso.com'),
                    attr(
                      'gen_ai.input.messages',
                      JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Reset my VPN token' }] }]),
                    ),
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const url = '/api/ingest/otlp/v1/traces';
    const json = { 'content-type': 'application/json' };
    const ok = await app.inject({ method: 'POST', url, headers: { ...tokens.analyst, ...json }, payload: traces });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ingested.length).toBe(before + 1);
    const prompt = ingested.at(-1)![0] as { kind: string; prompt: string; actor: string };
    expect(prompt).toMatchObject({ kind: 'ai.prompt', prompt: 'Reset my VPN token', actor: 'carol@contoso.com' });
    expect((prompt as unknown as { source: { input: string } }).source.input).toBe('api:token:analyst');
    const anonymous = await app.inject({ method: 'POST', url, headers: json, payload: traces });
    expect(anonymous.statusCode).toBe(401);
    const viewer = await app.inject({ method: 'POST', url, headers: { ...tokens.viewer, ...json }, payload: traces });
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().code).toBe(7);
    const protobuf = await app.inject({
      method: 'POST',
      url,
      headers: { ...tokens.analyst, 'content-type': 'application/x-protobuf' },
      payload: Buffer.from([1, 2, 3]),
    });
    expect(protobuf.statusCode).toBe(415);
    expect(ingested.length).toBe(before + 1);
  });

  it('leaves counting ingested events to the pipeline behind onIngest, so none is counted twice', async () => {
    expect(ingested.length).toBeGreaterThan(0);
    const text = (await app.inject({ method: 'GET', url: '/api/metrics', headers: tokens.viewer })).body;
    expect(text).not.toMatch(/^telltale_events_in_total\{/m);
  });

  it('rejects unknown kinds, missing prompts and non-JSON bodies', async () => {
    const cases: [string, string | object, string?][] = [
      ['/api/ingest/events', { events: [{ kind: 'net.bogus', time: 1 }] }],
      ['/api/ingest/events', { events: [] }],
      ['/api/ingest/prompts', { prompts: [{ time: '2026-03-12T10:00:00Z', actor: 'a' }] }],
      ['/api/ingest/events', '{"events": [', 'application/json'],
    ];
    for (const [url, payload, type] of cases) {
      const r = await app.inject({
        method: 'POST',
        url,
        headers: { ...tokens.analyst, ...(type ? { 'content-type': type } : {}) },
        payload,
      });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().message.length).toBeGreaterThan(5);
    }
  });
});

describe('browser sessions', () => {
  async function signIn(user: string, password: string, ip = '127.0.0.2') {
    return app.inject({ method: 'POST', url: '/api/session', payload: { user, password }, remoteAddress: ip });
  }

  it('signs in with a password, sets a strict HttpOnly cookie and demands the CSRF token on changes', async () => {
    const r = await signIn(first.user, first.password);
    expect(r.statusCode).toBe(200);
    const cookie = r.headers['set-cookie'] as string;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const sid = /tt_session=([^;]+)/.exec(cookie)![1]!;
    const { csrf } = r.json();
    const headers = { cookie: `tt_session=${sid}` };

    expect((await app.inject({ method: 'GET', url: '/api/incidents', headers })).statusCode).toBe(200);
    const payload = { reason: 'checked' };
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/actions/a-1/extend',
      headers,
      payload: { ...payload, durationMs: 1000 },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error).toBe('csrf');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/actions/a-1/extend',
      headers: { ...headers, 'x-csrf-token': 'nope' },
      payload: { ...payload, durationMs: 1000 },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/actions/a-1/extend',
      headers: { ...headers, 'x-csrf-token': csrf },
      payload: { ...payload, durationMs: 1000 },
    });
    expect(ok.statusCode, ok.body).toBe(200);

    const out = await app.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { ...headers, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/incidents', headers })).statusCode).toBe(401);
  });

  it('gives a viewer user a session that may read but not act', async () => {
    const r = await signIn('carol', 'correct horse battery', '127.0.0.3');
    expect(r.statusCode).toBe(200);
    const sid = /tt_session=([^;]+)/.exec(r.headers['set-cookie'] as string)![1]!;
    const headers = { cookie: `tt_session=${sid}`, 'x-csrf-token': r.json().csrf };
    const act = await app.inject({ method: 'POST', url: '/api/actions/a-1/clear', headers, payload: { reason: 'x' } });
    expect(act.statusCode).toBe(403);
  });

  it('refuses wrong passwords and limits failed attempts per client address and user name', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await signIn('admin', `wrong-${i}`, '127.0.0.9')).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    const limited = await signIn('admin', first.password, '127.0.0.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The same user from elsewhere, and another user from the same address, may still sign in.
    expect((await signIn('admin', first.password, '127.0.0.10')).statusCode).toBe(200);
    expect((await signIn('carol', 'correct horse battery', '127.0.0.9')).statusCode).toBe(200);
  });

  it('never limits successful sign-ins', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await signIn('carol', 'correct horse battery', '127.0.0.12')).statusCode);
    expect(new Set(codes)).toEqual(new Set([200]));
  });

  it('rejects a malformed sign-in body', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { user: 'admin' },
      remoteAddress: '127.0.0.11',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain('password');
  });
});

describe('tokens', () => {
  it('revokes a token so that it stops working', async () => {
    const made = (
      await app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: tokens.admin,
        payload: { name: 'tmp', role: 'viewer' },
      })
    ).json();
    const list = (await app.inject({ method: 'GET', url: '/api/tokens', headers: tokens.admin })).json();
    expect(JSON.stringify(list)).not.toContain(made.token);
    expect((await app.inject({ method: 'GET', url: '/api/breaches', headers: bearer(made.token) })).statusCode).toBe(
      200,
    );
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${made.id}`, headers: tokens.admin })).statusCode,
    ).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/breaches', headers: bearer(made.token) })).statusCode).toBe(
      401,
    );
  });
});

describe('users', () => {
  it('removes a user and ends their sessions', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: '/api/users/dave',
      headers: tokens.admin,
      payload: { role: 'analyst', password: 'a long enough password' },
    });
    expect(put.statusCode).toBe(200);
    const short = await app.inject({
      method: 'PUT',
      url: '/api/users/eve',
      headers: tokens.admin,
      payload: { role: 'analyst', password: 'short' },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toContain('12 characters');
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { user: 'dave', password: 'a long enough password' },
      remoteAddress: '127.0.0.20',
    });
    const cookie = { cookie: `tt_session=${/tt_session=([^;]+)/.exec(signIn.headers['set-cookie'] as string)![1]}` };
    expect((await app.inject({ method: 'GET', url: '/api/incidents', headers: cookie })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/api/users/dave', headers: tokens.admin })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/api/incidents', headers: cookie })).statusCode).toBe(401);
    expect((await app.inject({ method: 'DELETE', url: '/api/users/dave', headers: tokens.admin })).statusCode).toBe(
      404,
    );
    const users = (await app.inject({ method: 'GET', url: '/api/users', headers: tokens.admin })).json();
    expect(JSON.stringify(users)).not.toContain('scrypt');
  });
});

describe('admin reset', () => {
  it('gives new admin credentials, revokes the old admin password, tokens and sessions, and is audited', async () => {
    // A server that is running while the reset happens in another process (the CLI).
    const running = await createServer({
      store,
      config: configSchema.parse({}),
      logger: false,
      webRoot: false,
      credentialsRefreshMs: 20,
    });
    const before = await running.inject({
      method: 'POST',
      url: '/api/session',
      payload: { user: 'admin', password: first.password },
      remoteAddress: '127.0.0.30',
    });
    expect(before.statusCode).toBe(200);
    const session = { cookie: `tt_session=${/tt_session=([^;]+)/.exec(before.headers['set-cookie'] as string)![1]}` };
    expect((await running.inject({ method: 'GET', url: '/api/incidents', headers: session })).statusCode).toBe(200);

    const fresh = await resetAdminAccess(store);

    const status = (app: FastifyInstance, headers: Record<string, string>) =>
      app.inject({ method: 'GET', url: '/api/incidents', headers }).then((r) => r.statusCode);
    // The running server follows within its refresh period (a ceiling for a busy machine).
    await expect.poll(() => status(running, session), { timeout: 10_000 }).toBe(401);
    await expect.poll(() => status(running, tokens.admin), { timeout: 10_000 }).toBe(401);
    expect(await status(running, bearer(fresh.token))).toBe(200);
    expect(await status(running, tokens.viewer)).toBe(200);
    await running.close();

    const other = await createServer({ store, config: configSchema.parse({}), logger: false, webRoot: false });
    expect((await other.inject({ method: 'GET', url: '/api/tokens', headers: bearer(fresh.token) })).statusCode).toBe(
      200,
    );
    expect(await status(other, tokens.admin)).toBe(401);
    expect(await status(other, tokens.viewer)).toBe(200);
    const signIn = (password: string) =>
      other.inject({
        method: 'POST',
        url: '/api/session',
        payload: { user: 'admin', password },
        remoteAddress: '127.0.0.31',
      });
    expect((await signIn(first.password)).statusCode).toBe(401);
    expect((await signIn(fresh.password)).statusCode).toBe(200);
    const audit = (
      await other.inject({ method: 'GET', url: '/api/audit?limit=50', headers: bearer(fresh.token) })
    ).json();
    const reset = audit.entries.find((e: { action: string }) => e.action === 'admin.reset');
    expect(reset).toMatchObject({ actor: 'cli:reset-admin', target: 'admin' });
    expect(reset.detail.revokedTokens).toContain('first-start admin');
    await other.close();
  });
});

describe('binding', () => {
  it('binds loopback by default and refuses other addresses without TLS or the override', () => {
    expect(() => checkBind(configSchema.parse({}).server)).not.toThrow();
    expect(() => checkBind(configSchema.parse({ server: { host: '0.0.0.0' } }).server)).toThrow(/TLS/);
    expect(() =>
      checkBind(configSchema.parse({ server: { host: '0.0.0.0', allowInsecureBind: true } }).server),
    ).not.toThrow();
    expect(() =>
      checkBind(configSchema.parse({ server: { host: '0.0.0.0', tls: { cert: 'c', key: 'k' } } }).server),
    ).not.toThrow();
  });
});
