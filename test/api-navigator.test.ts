import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach, user } from '../src/analyst/breachFixture.js';
import type { Incident } from '../src/analyst/incident.js';
import { incidentsOf } from '../src/analyst/testing.js';
import { configSchema } from '../src/config/schema.js';
import type { FirstStartCredentials } from '../src/server/index.js';
import { createServer } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

/**
 * The ATT&CK Navigator export over HTTP, against a real store holding the analyst's incidents: a
 * beaconing laptop on 10 March, a mailbox takeover on 12 March.
 */
const HOUR = 3_600_000;
const MARCH_10 = Date.parse('2026-03-10T09:00:00Z');
const MARCH_12 = Date.parse('2026-03-12T09:00:00Z');

const beacon = makeBreach({
  model: 'Compromise::Beaconing Activity To External Rare',
  time: MARCH_10,
  entity: device('10.0.0.5'),
  score: 85,
  related: [endpoint('rare.example.net')],
  mitre: ['T1071.001'],
});
const upload = makeBreach({
  model: 'Unusual Activity::Unusual External Data to New Endpoint',
  time: MARCH_10 + HOUR,
  entity: device('10.0.0.5'),
  score: 70,
  related: [endpoint('rare.example.net')],
  mitre: ['T1041'],
});
const forwarding = makeBreach({
  model: 'SaaS / Compliance / New Email Rule',
  time: MARCH_12,
  entity: user('bob@contoso.com'),
  score: 60,
  mitre: ['T1114.003'],
});

let app: FastifyInstance;
let store: Store;
const tokens: Record<'viewer' | 'none', { authorization?: string }> = { viewer: {}, none: {} };
let network: Incident;
let mailbox: Incident;

beforeAll(async () => {
  store = await openStore(':memory:');
  const incidents = incidentsOf([beacon, upload, forwarding]);
  expect(incidents).toHaveLength(2);
  [network, mailbox] = incidents as [Incident, Incident];
  await store.commit({ events: [], breaches: [beacon, upload, forwarding], incidents, actions: [] });
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
  tokens.viewer = { authorization: `Bearer ${r.json().token}` };
});

afterAll(async () => {
  await app.close();
  await store.close();
});

const get = (url: string, who: 'viewer' | 'none' = 'viewer') =>
  app.inject({ method: 'GET', url, headers: tokens[who] as Record<string, string> });

describe('ATT&CK Navigator export over HTTP', () => {
  it('gives one incident as a layer of its techniques, scored by the incident', async () => {
    const r = await get(`/api/incidents/${network.id}/navigator`);
    expect(r.statusCode, r.body).toBe(200);
    const layer = r.json();
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.versions.layer).toBe('4.5');
    expect(layer.name).toBe(network.title);
    expect(layer.techniques.map((t: { techniqueID: string; tactic: string }) => [t.techniqueID, t.tactic])).toEqual([
      ['T1041', 'exfiltration'],
      ['T1071.001', 'command-and-control'],
    ]);
    for (const t of layer.techniques) expect(t.score).toBe(network.score);
    expect((await get('/api/incidents/no-such/navigator')).statusCode).toBe(404);
  });

  it('gives the incidents of a time range as one layer, and only them', async () => {
    const both = (await get('/api/navigator?from=2026-03-09T00:00:00Z&to=2026-03-13T00:00:00Z')).json();
    expect(both.techniques.map((t: { techniqueID: string }) => t.techniqueID)).toEqual([
      'T1041',
      'T1071.001',
      'T1114.003',
    ]);
    expect(both.description).toMatch(/^2 incident\(s\)/);
    const mailOnly = (await get(`/api/navigator?from=${MARCH_12 - HOUR}&to=${MARCH_12 + HOUR}`)).json();
    expect(mailOnly.techniques).toEqual([
      expect.objectContaining({ techniqueID: 'T1114.003', tactic: 'collection', comment: `Incidents: ${mailbox.id}` }),
    ]);
    const none = (await get('/api/navigator?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z')).json();
    expect(none.techniques).toEqual([]);
    expect(none.description).toBe('0 incident(s), no incidents');
  });

  it('refuses a missing, malformed or inverted range with a 400 that names the problem', async () => {
    const cases: [string, RegExp][] = [
      ['/api/navigator', /from/],
      ['/api/navigator?from=2026-03-09T00:00:00Z', /to/],
      ['/api/navigator?from=yesterday&to=2026-03-13T00:00:00Z', /from/],
      ['/api/navigator?from=2026-03-13T00:00:00Z&to=2026-03-09T00:00:00Z', /to must be after from/],
    ];
    for (const [url, message] of cases) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().message, url).toMatch(message);
    }
  });

  it('needs a signed-in viewer and is described in the OpenAPI document', async () => {
    expect((await get(`/api/incidents/${network.id}/navigator`, 'none')).statusCode).toBe(401);
    expect((await get('/api/navigator?from=0&to=1', 'none')).statusCode).toBe(401);
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/incidents/{id}/navigator'].get['x-required-role']).toBe('viewer');
    const range = doc.paths['/api/navigator'].get;
    expect(range['x-required-role']).toBe('viewer');
    expect(range.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([
      ['from', true],
      ['to', true],
    ]);
  });
});
