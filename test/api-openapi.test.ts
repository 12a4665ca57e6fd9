import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describedRoutes } from '../src/server/index.js';
import { type DemoServer, demoServer } from './api-demo-server.js';

/**
 * The OpenAPI document describes what every route answers, and what the routes really answer on
 * the demo (real logs and attacks through the whole pipeline) fits those descriptions.
 */

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

let demo: DemoServer;
let admin: { authorization: string };
let doc: { paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  demo = await demoServer();
  admin = { authorization: `Bearer ${demo.credentials.token}` };
  doc = (await demo.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
});

afterAll(async () => {
  await demo.app.close();
  await demo.store.close();
});

type Call = { url: string; payload?: unknown; headers?: Record<string, string> };

/** One successful request per route, on the demo's own data. Every route must have one. */
async function calls(): Promise<Record<string, Call>> {
  const [action] = await demo.store.listActions({ status: ['awaiting_confirmation'], limit: 1 });
  const [breach] = await demo.store.queryBreaches({ limit: 1 });
  const [incident] = await demo.store.listIncidents({ limit: 1 });
  const id = (x: { id: string } | undefined) => encodeURIComponent(x!.id);
  const token = (
    await demo.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: admin,
      payload: { name: 'to-revoke', role: 'viewer' },
    })
  ).json().id;
  const model = encodeURIComponent('Compromise::Fast Beaconing to DGA');
  const prompt = { time: '2026-03-12T10:00:00Z', actor: 'alice@contoso.com', prompt: 'summarise this report' };
  return {
    'GET /api/health': { url: '/api/health' },
    'GET /api/metrics': { url: '/api/metrics' },
    'GET /api/openapi.json': { url: '/api/openapi.json' },
    'GET /api/session': { url: '/api/session' },
    'POST /api/session': {
      url: '/api/session',
      payload: { user: demo.credentials.user, password: demo.credentials.password },
    },
    'DELETE /api/session': { url: '/api/session' },
    'GET /api/breaches': { url: '/api/breaches?limit=50' },
    'GET /api/breaches/{id}': { url: `/api/breaches/${id(breach)}` },
    'GET /api/incidents': { url: '/api/incidents' },
    'GET /api/incidents/{id}': { url: `/api/incidents/${id(incident)}` },
    'GET /api/incidents/{id}/navigator': { url: `/api/incidents/${id(incident)}/navigator` },
    'GET /api/navigator': { url: '/api/navigator?from=2026-03-11T00:00:00Z&to=2026-03-13T00:00:00Z' },
    'GET /api/actions': { url: '/api/actions' },
    'GET /api/actions/{id}': { url: `/api/actions/${id(action)}` },
    'POST /api/actions/{id}/confirm': { url: `/api/actions/${id(action)}/confirm`, payload: { reason: 'checked' } },
    'POST /api/actions/{id}/extend': {
      url: `/api/actions/${id(action)}/extend`,
      payload: { reason: 'longer', durationMs: 3_600_000 },
    },
    'POST /api/actions/{id}/clear': { url: `/api/actions/${id(action)}/clear`, payload: { reason: 'done' } },
    'GET /api/entities': { url: '/api/entities?kind=device' },
    'GET /api/entities/{kind}/{id}': { url: '/api/entities/device/10.0.0.111' },
    'GET /api/entities/{kind}/{id}/timeline': { url: '/api/entities/user/meganb%40seccxp.ninja/timeline' },
    'GET /api/models': { url: '/api/models' },
    'PUT /api/models/{name}': { url: `/api/models/${model}`, payload: { enabled: true } },
    'GET /api/search': { url: '/api/search?q=kind:net.http&limit=20' },
    'GET /api/search/top': { url: '/api/search/top?field=kind' },
    'GET /api/search/export': { url: '/api/search/export?q=kind:saas.login&format=csv' },
    'POST /api/ingest/events': {
      url: '/api/ingest/events',
      payload: {
        events: [
          {
            kind: 'saas.login',
            time: '2026-03-12T10:00:00Z',
            user: 'a@contoso.com',
            operation: 'UserLoggedIn',
            success: true,
          },
        ],
      },
    },
    'POST /api/ingest/prompts': { url: '/api/ingest/prompts', payload: { prompts: [prompt] } },
    'POST /api/ingest/prompts.jsonl': {
      url: '/api/ingest/prompts.jsonl',
      payload: `${JSON.stringify(prompt)}\nnot json\n`,
      headers: { 'content-type': 'application/x-ndjson' },
    },
    'POST /api/ingest/otlp/v1/traces': { url: '/api/ingest/otlp/v1/traces', payload: { resourceSpans: [] } },
    'GET /api/tokens': { url: '/api/tokens' },
    'POST /api/tokens': { url: '/api/tokens', payload: { name: 'made', role: 'analyst' } },
    'DELETE /api/tokens/{id}': { url: `/api/tokens/${token}` },
    'GET /api/users': { url: '/api/users' },
    'PUT /api/users/{name}': {
      url: '/api/users/dana',
      payload: { role: 'viewer', password: 'a long enough password' },
    },
    'DELETE /api/users/{name}': { url: '/api/users/dana' },
    'GET /api/audit': { url: '/api/audit?limit=20' },
  };
}

/** Decisions run in this order so that each finds the action in a status it may start from. */
const ORDER = ['PUT /api/users/{name}', 'POST /api/actions/{id}/confirm', 'POST /api/actions/{id}/extend'];

describe('the OpenAPI description of answers', () => {
  it('gives every route a success answer with a schema', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(ops.length).toBe(describedRoutes(demo.app).length);
    for (const { route, op } of ops) {
      const ok = ['200', '201', '202'].filter((s) => op.responses[s] !== undefined);
      expect(ok, route).toHaveLength(1);
      const content = Object.values(op.responses[ok[0]!]!.content ?? {});
      expect(content, route).toHaveLength(1);
      const schema = content[0]!.schema ?? {};
      expect(Object.keys(schema).length, `${route} has an empty answer schema`).toBeGreaterThan(0);
    }
    const incident = doc.paths['/api/incidents/{id}']!.get!.responses['200']!.content!['application/json']!.schema!;
    expect(Object.keys(incident.properties as object)).toEqual([
      'incident',
      'breaches',
      'actions',
      'events',
      'explains',
    ]);
  });

  it('is what each route really answers on the demo', async () => {
    const cases = await calls();
    const routes = describedRoutes(demo.app).map((r) => ({
      ...r,
      key: `${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`,
    }));
    const missing = routes.filter((r) => cases[r.key] === undefined).map((r) => r.key);
    expect(missing, 'routes without a case here').toEqual([]);
    routes.sort((a, b) => {
      const rank = (k: string) => (ORDER.includes(k) ? ORDER.indexOf(k) : k.startsWith('DELETE') ? 99 : 50);
      return rank(a.key) - rank(b.key);
    });
    for (const r of routes) {
      const c = cases[r.key]!;
      const res = await demo.app.inject({
        method: r.method,
        url: c.url,
        headers: { ...admin, ...c.headers },
        ...(c.payload === undefined ? {} : { payload: c.payload as string }),
      });
      expect(res.statusCode, `${r.key}: ${res.body.slice(0, 300)}`).toBe(r.status ?? 200);
      const body = r.produces ? res.body : res.json();
      const parsed = r.response.safeParse(body);
      expect(parsed.success, `${r.key}: ${parsed.error?.message.slice(0, 500)}`).toBe(true);
    }
  });
});
