import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';
import type { FirstStartCredentials } from '../src/server/index.js';
import { createServer } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

/**
 * Endpoints, apps and AI apps own no events; their pages (linked from every entity chip on an
 * incident) are drawn from the stored events of the devices and users that touched them.
 */

const T0 = Date.UTC(2026, 2, 12, 9);
const MIN = 60_000;
const HOST = 'crm.partner-portal.net';
const HOST_IP = '198.51.100.7';

let line = 0;
const src = () => ({ input: 'fixture', line: ++line });
const device = (id: string) => ({ kind: 'device' as const, id });
const user = (id: string) => ({ kind: 'user' as const, id });
const net = (from: string, dst: string, time: number) => ({
  time,
  source: src(),
  entity: device(from),
  uid: `C${line}`,
  src: from,
  srcPort: 50_000 + line,
  dst,
  dstPort: 443,
});
const login = (who: string, app: string, time: number): Event => ({
  kind: 'saas.login',
  time,
  source: src(),
  entity: user(who),
  user: who,
  ip: '192.0.2.10',
  operation: 'UserLoggedIn',
  success: true,
  app,
});
const prompt = (who: string, app: string, time: number, actorType: 'human' | 'agent' = 'human'): Event => ({
  kind: 'ai.prompt',
  time,
  source: src(),
  entity: { kind: actorType === 'agent' ? 'agent' : 'user', id: who },
  actor: who,
  actorType,
  app,
  prompt: 'summarise the open tickets',
});

const events: Event[] = [
  ...[0, 5, 10].map((m) => ({ ...net('10.0.0.5', HOST_IP, T0 + m * MIN), kind: 'net.http' as const, host: HOST })),
  { ...net('10.0.0.8', HOST_IP, T0 + 20 * MIN), kind: 'net.tls', serverName: HOST },
  { ...net('10.0.0.9', '10.0.0.53', T0 + 30 * MIN), kind: 'net.dns', query: HOST },
  // Look-alikes that must stay off the page: another host, and a name that merely contains it.
  { ...net('10.0.0.6', '203.0.113.4', T0 + 40 * MIN), kind: 'net.http', host: 'intranet.contoso.com' },
  { ...net('10.0.0.6', '203.0.113.5', T0 + 41 * MIN), kind: 'net.http', host: `old.${HOST}.example` },
  login('alice@contoso.com', 'Contoso CRM', T0 + 50 * MIN),
  login('alice@contoso.com', 'Contoso CRM', T0 + 55 * MIN),
  login('dan@contoso.com', 'Payroll', T0 + 56 * MIN),
  {
    kind: 'saas.admin',
    time: T0 + 60 * MIN,
    source: src(),
    entity: user('bob@contoso.com'),
    user: 'bob@contoso.com',
    operation: 'Consent to application.',
    action: 'consent',
    targetApp: { id: 'f3b6c1de-0000-4000-8000-000000000001', name: 'Contoso CRM' },
  },
  // An AI tool of the same name is an ai-app, not the OAuth app.
  prompt('erin@contoso.com', 'Contoso CRM', T0 + 65 * MIN),
  prompt('carol@contoso.com', 'chat.contoso-ai', T0 + 70 * MIN),
  prompt('carol@contoso.com', 'chat.contoso-ai', T0 + 71 * MIN),
  prompt('build-bot', 'chat.contoso-ai', T0 + 72 * MIN, 'agent'),
  prompt('carol@contoso.com', 'copilot', T0 + 73 * MIN),
];

const breach = (id: string, entity: Breach['entity'], related: Breach['related'], time: number): Breach => ({
  id,
  model: 'Test / Model',
  time,
  score: 70,
  entity,
  related,
  mitre: [],
  summary: id,
  evidence: [],
  sources: [],
});
const breaches: Breach[] = [
  breach('b-host', device('10.0.0.5'), [{ kind: 'endpoint', id: HOST }], T0 + 10 * MIN),
  breach('b-other', device('10.0.0.6'), [{ kind: 'endpoint', id: 'intranet.contoso.com' }], T0 + 40 * MIN),
  breach(
    'b-app',
    user('bob@contoso.com'),
    [{ kind: 'app', id: 'f3b6c1de-0000-4000-8000-000000000001' }],
    T0 + 60 * MIN,
  ),
  breach('b-ai', user('carol@contoso.com'), [{ kind: 'ai-app', id: 'chat.contoso-ai' }], T0 + 71 * MIN),
];

let app: FastifyInstance;
let store: Store;
let headers: { authorization: string };

beforeAll(async () => {
  store = await openStore(':memory:');
  await store.commit({ events, breaches });
  const announced: FirstStartCredentials[] = [];
  app = await createServer({
    store,
    config: configSchema.parse({}),
    logger: false,
    webRoot: false,
    announce: (c) => announced.push(c),
  });
  headers = { authorization: `Bearer ${announced[0]!.token}` };
});

afterAll(async () => {
  await app.close();
  await store.close();
});

async function page(kind: string, id: string) {
  const r = await app.inject({
    method: 'GET',
    url: `/api/entities/${kind}/${encodeURIComponent(id)}`,
    headers,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

const who = (p: { touchedBy: { kind: string; id: string; events: number }[] }) =>
  p.touchedBy.map((t) => `${t.kind}:${t.id}:${t.events}`);

describe('entity pages for things others touch', () => {
  it('draws an endpoint from the HTTP, TLS and DNS events naming it, with the breaches naming it', async () => {
    const p = await page('endpoint', HOST);
    expect(who(p)).toEqual(['device:10.0.0.5:3', 'device:10.0.0.8:1', 'device:10.0.0.9:1']);
    expect(p.seen).toEqual({ firstSeen: T0, lastSeen: T0 + 30 * MIN, events: 5 });
    expect(p.byKind).toEqual({ 'net.http': 3, 'net.tls': 1, 'net.dns': 1 });
    expect(p.namedIn.map((b: { id: string }) => b.id)).toEqual(['b-host']);
    expect(p.breaches).toEqual([{ model: 'Test / Model', count: 1, maxScore: 70 }]);
  });

  it('draws an endpoint IP from the connections to it', async () => {
    const p = await page('endpoint', HOST_IP);
    expect(who(p)).toEqual(['device:10.0.0.5:3', 'device:10.0.0.8:1']);
    expect(p.namedIn).toEqual([]);
  });

  it('draws an OAuth app by id or name from sign-ins and admin operations, not from prompts', async () => {
    const byId = await page('app', 'f3b6c1de-0000-4000-8000-000000000001');
    expect(who(byId)).toEqual(['user:bob@contoso.com:1']);
    expect(byId.namedIn.map((b: { id: string }) => b.id)).toEqual(['b-app']);
    const byName = await page('app', 'Contoso CRM');
    expect(who(byName)).toEqual(['user:alice@contoso.com:2', 'user:bob@contoso.com:1']);
    expect(byName.logins).toHaveLength(2);
    expect(byName.seen).toEqual({ firstSeen: T0 + 50 * MIN, lastSeen: T0 + 60 * MIN, events: 3 });
  });

  it('draws an AI app from the prompts sent to it by users and agents', async () => {
    const p = await page('ai-app', 'chat.contoso-ai');
    expect(who(p)).toEqual(['user:carol@contoso.com:2', 'agent:build-bot:1']);
    expect(p.prompts.total).toBe(3);
    expect(p.namedIn.map((b: { id: string }) => b.id)).toEqual(['b-ai']);
  });

  it('shows nothing for an endpoint no one touched', async () => {
    const p = await page('endpoint', 'never.example.org');
    expect(p.touchedBy).toEqual([]);
    expect(p.seen).toBeUndefined();
    expect(p.eventsShown).toBe(0);
  });

  it('keeps device pages to their own events and breaches', async () => {
    const p = await page('device', '10.0.0.5');
    expect(p.touchedBy).toBeUndefined();
    expect(p.eventsShown).toBe(3);
    expect(p.breaches).toEqual([{ model: 'Test / Model', count: 1, maxScore: 70 }]);
  });
});
