import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analyst } from '../src/analyst/analyst.js';
import { device, endpoint, makeBreach, user } from '../src/analyst/breachFixture.js';
import type { Incident } from '../src/analyst/incident.js';
import { incidentsOf } from '../src/analyst/testing.js';
import { configSchema } from '../src/config/schema.js';
import type { Event, NetDnsEvent, SaasLoginEvent } from '../src/events/event.js';
import type { FirstStartCredentials } from '../src/server/index.js';
import { createServer } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

/**
 * GET /api/incidents/:id against a real store: the stored events that explain each breach come
 * with it (the user's sign-ins before an OAuth grant, the device's DNS before a beacon), and
 * nothing of other entities or outside the pivot windows.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T = Date.parse('2026-03-12T10:00:00Z');
const BOB = 'bob@contoso.com';
const CAROL = 'carol@contoso.com';
const LAPTOP = '10.0.0.5';
const OTHER = '10.0.0.6';

let line = 0;
function login(u: string, time: number, ip: string): SaasLoginEvent {
  return {
    kind: 'saas.login',
    time,
    source: { input: 'signins.json', line: ++line },
    entity: user(u),
    user: u,
    ip,
    operation: 'UserLoggedIn',
    success: true,
  };
}
function dns(dev: string, time: number, query: string): NetDnsEvent {
  return {
    kind: 'net.dns',
    time,
    source: { input: 'dns.log', line: ++line },
    entity: device(dev),
    uid: `D${line}`,
    src: dev,
    srcPort: 5353,
    dst: '10.0.0.1',
    dstPort: 53,
    query,
  };
}

const grant = makeBreach({
  model: 'SaaS / Admin / OAuth Permission Grant',
  time: T,
  entity: user(BOB),
  score: 80,
  related: [{ kind: 'app', id: 'app-perfectdata' }],
  mitre: ['T1528'],
});
const beacon = makeBreach({
  model: 'Compromise::Beaconing Activity To External Rare',
  time: T + 2 * HOUR,
  entity: device(LAPTOP),
  score: 85,
  related: [endpoint('rare.example.net')],
  mitre: ['T1071.001'],
});

const events: Event[] = [
  login(BOB, T - 3 * DAY, '84.150.1.1'), // outside the day before the grant
  login(BOB, T - 5 * HOUR, '84.150.1.1'),
  login(BOB, T - 10 * MIN, '185.220.1.7'),
  login(BOB, T + HOUR, '185.220.1.7'), // after the grant
  login(CAROL, T - 20 * MIN, '84.150.2.2'), // another user
  dns(LAPTOP, T + 2 * HOUR - 3 * HOUR, 'old.example.org'), // more than an hour before the beacon
  dns(LAPTOP, T + 2 * HOUR - 20 * MIN, 'rare.example.net'),
  dns(OTHER, T + 2 * HOUR - 10 * MIN, 'rare.example.net'), // another device
];

let app: FastifyInstance;
let store: Store;
let viewer: { authorization: string };
let grantIncident: Incident;
let beaconIncident: Incident;

beforeAll(async () => {
  store = await openStore(':memory:');
  const incidents = incidentsOf([grant, beacon], new Analyst());
  expect(incidents).toHaveLength(2);
  grantIncident = incidents.find((i) => i.breaches.includes(grant.id))!;
  beaconIncident = incidents.find((i) => i.breaches.includes(beacon.id))!;
  await store.commit({ events, breaches: [grant, beacon], incidents, actions: [] });
  const announced: FirstStartCredentials[] = [];
  app = await createServer({
    store,
    config: configSchema.parse({}),
    logger: false,
    webRoot: false,
    announce: (c) => announced.push(c),
  });
  const r = await app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers: { authorization: `Bearer ${announced[0]!.token}` },
    payload: { name: 'viewer', role: 'viewer' },
  });
  viewer = { authorization: `Bearer ${r.json().token}` };
});

afterAll(async () => {
  await app.close();
  await store.close();
});

async function view(id: string): Promise<{ events: Event[]; explains: Record<string, number[]> }> {
  const r = await app.inject({ method: 'GET', url: `/api/incidents/${id}`, headers: viewer });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

describe('GET /api/incidents/:id explains each breach with stored events', () => {
  it("brings the user's sign-ins of the day before an OAuth grant, oldest first, and nothing else", async () => {
    const v = await view(grantIncident.id);
    const explained = v.explains[grant.id]!.map((i) => v.events[i]!);
    expect(explained.map((e) => [e.kind, e.entity.id, e.time])).toEqual([
      ['saas.login', BOB, T - 5 * HOUR],
      ['saas.login', BOB, T - 10 * MIN],
    ]);
    expect(v.events).toHaveLength(2);
    expect(v.events.some((e) => e.entity.id === CAROL)).toBe(false);
  });

  it("brings the device's DNS look-up before a beacon, not another device's nor an older one", async () => {
    const v = await view(beaconIncident.id);
    const explained = v.explains[beacon.id]!.map((i) => v.events[i]!);
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatchObject({ kind: 'net.dns', entity: { id: LAPTOP }, query: 'rare.example.net' });
    expect(v.events.some((e) => e.entity.id === OTHER)).toBe(false);
    expect(v.events.some((e) => e.kind === 'net.dns' && e.query === 'old.example.org')).toBe(false);
  });
});
