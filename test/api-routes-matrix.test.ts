import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import type { FirstStartCredentials } from '../src/server/index.js';
import { createServer } from '../src/server/index.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../src/server/route.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';
import { actions, breach, events, incident } from './api-fixtures.js';

/**
 * Route × role × credentials, for every route the server itself describes (its OpenAPI document is
 * built from the same list that gates each request, and the server refuses to start with an API
 * route missing from that list), so a new route is covered the moment it is added.
 */

type Role = 'viewer' | 'analyst' | 'admin';
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Schema = { type?: string; enum?: unknown[]; anyOf?: Schema[]; maxLength?: number; format?: string };
interface Operation {
  'x-required-role'?: Role;
  security?: unknown[];
  parameters: { name: string; in: 'path' | 'query'; schema: Schema }[];
  requestBody?: { content: Record<string, unknown> };
}
interface Route {
  method: Method;
  path: string;
  op: Operation;
}

/** The only routes anyone may call without signing in; making another one public must be a decision. */
const PUBLIC = ['GET /api/health', 'GET /api/openapi.json', 'POST /api/session'];
const BELOW: Record<Role, Role[]> = { viewer: [], analyst: ['viewer'], admin: ['viewer', 'analyst'] };
/** Ids of stored fixtures, so a refusal that came after the lookup would show as a change. */
const FIXTURE_IDS: Record<string, string> = { actions: 'a-1', breaches: 'b-1', incidents: 'i-1' };

let app: FastifyInstance;
let store: Store;
let routes: Route[];
let adminSession: { cookie: string };
const tokens = {} as Record<Role, { authorization: string }>;

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
  });
  const first = announced[0]!;
  tokens.admin = { authorization: `Bearer ${first.token}` };
  for (const role of ['viewer', 'analyst'] as const) {
    const r = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: tokens.admin,
      payload: { name: role, role },
    });
    tokens[role] = { authorization: `Bearer ${r.json().token}` };
  }
  const signIn = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { user: first.user, password: first.password },
  });
  expect(signIn.statusCode).toBe(200);
  adminSession = {
    cookie: `${SESSION_COOKIE}=${new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(signIn.headers['set-cookie'] as string)![1]}`,
  };

  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  routes = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase() as Method, path, op })),
  );
});

afterAll(async () => {
  await app.close();
  await store.close();
});

/** Everything a request could change: stored records, users, tokens, model settings, the audit log. */
async function stored(): Promise<string> {
  const snapshots = await Promise.all(
    ['server.users', 'server.tokens', 'server.models', 'server.audit'].map((n) => store.loadSnapshot(n)),
  );
  return JSON.stringify([
    await store.countEvents(),
    await store.queryBreaches({ limit: 10_000 }),
    await store.listIncidents(),
    await store.listActions({ limit: 10_000 }),
    snapshots,
  ]);
}

function url(r: Route): string {
  const segment = r.path.split('/')[2] ?? '';
  return r.path.replace(/\{([A-Za-z_]+)\}/g, (_m, name: string) => {
    const schema = r.op.parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
    if (schema?.enum !== undefined) return String(schema.enum[0]);
    return encodeURIComponent(name === 'id' ? (FIXTURE_IDS[segment] ?? 'no-such-id') : 'admin');
  });
}

/** A query string with one parameter of the wrong type or length, or undefined when the route takes none. */
function malformedQuery(r: Route): string | undefined {
  const query = r.op.parameters.filter((p) => p.in === 'query');
  if (query.length === 0) return undefined;
  const typed = query.find((p) => p.schema.type !== 'string' || p.schema.enum !== undefined || p.schema.format);
  if (typed !== undefined) return `${typed.name}=not-a-${typed.name}`;
  const bounded = query.find((p) => p.schema.maxLength !== undefined);
  if (bounded !== undefined) return `${bounded.name}=${'x'.repeat(bounded.schema.maxLength! + 1)}`;
  throw new Error(`${r.method} ${r.path}: no query parameter to malform; give the test a case for it`);
}

const label = (r: Route) => `${r.method} ${r.path}`;

describe('route matrix', () => {
  it('covers every route, each with a role unless it is one of the few public ones', () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      if (PUBLIC.includes(label(r))) {
        expect(r.op.security, label(r)).toEqual([]);
        continue;
      }
      expect(['viewer', 'analyst', 'admin'], `${label(r)} has no role`).toContain(r.op['x-required-role']);
    }
    for (const p of PUBLIC) expect(routes.map(label)).toContain(p);
  });

  it('answers 401 without credentials and with a bad token, and changes nothing', async () => {
    const before = await stored();
    for (const r of routes.filter((x) => !PUBLIC.includes(label(x)))) {
      for (const headers of [{}, { authorization: 'Bearer tt_not-a-token' }, { cookie: `${SESSION_COOKIE}=forged` }]) {
        const res = await app.inject({ method: r.method, url: url(r), headers });
        expect(res.statusCode, `${label(r)} ${JSON.stringify(headers)}: ${res.body}`).toBe(401);
      }
    }
    expect(await stored()).toBe(before);
  });

  it('answers 403 to every role below the one a route needs, and changes nothing', async () => {
    const before = await stored();
    let checked = 0;
    for (const r of routes) {
      const need = r.op['x-required-role'];
      if (need === undefined) continue;
      for (const role of BELOW[need]) {
        const res = await app.inject({ method: r.method, url: url(r), headers: tokens[role] });
        expect(res.statusCode, `${role} ${label(r)}: ${res.body}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(await stored()).toBe(before);
  });

  it('refuses every state change from a browser session without the CSRF header (403), and changes nothing', async () => {
    const before = await stored();
    const changes = routes.filter((r) => r.method !== 'GET' && !PUBLIC.includes(label(r)));
    expect(changes.length).toBeGreaterThan(5);
    for (const r of changes) {
      for (const headers of [adminSession, { ...adminSession, [CSRF_HEADER]: 'not-the-token' }]) {
        const res = await app.inject({ method: r.method, url: url(r), headers });
        expect(res.statusCode, `${label(r)}: ${res.body}`).toBe(403);
        expect(res.body, label(r)).toContain(CSRF_HEADER);
      }
    }
    expect(await stored()).toBe(before);
  });

  it('answers one malformed body or query per route with 400 and a message, and keeps nothing', async () => {
    const before = await stored();
    let checked = 0;
    for (const r of routes) {
      // An admin token passes every role check, so the 400 can only come from the input.
      const headers = { ...tokens.admin, 'content-type': 'application/json' };
      const query = malformedQuery(r);
      const res =
        r.op.requestBody !== undefined
          ? await app.inject({ method: r.method, url: url(r), headers, payload: '42' })
          : query !== undefined
            ? await app.inject({ method: r.method, url: `${url(r)}?${query}`, headers: tokens.admin })
            : undefined;
      if (res === undefined) continue;
      expect(res.statusCode, `${label(r)}: ${res.body}`).toBe(400);
      const body = res.json();
      expect(String(body.message ?? body.error).length, label(r)).toBeGreaterThan(10);
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
    expect(await stored()).toBe(before);
  });

  it('will not start with an API route that has no role', async () => {
    const other = await createServer({ store, config: configSchema.parse({}), logger: false, webRoot: false });
    other.get('/api/undescribed', async () => ({ secret: true }));
    await expect(other.ready()).rejects.toThrow(/GET \/api\/undescribed/);
  });
});
