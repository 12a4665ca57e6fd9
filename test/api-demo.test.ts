import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../src/analyst/incident.js';
import { type DemoServer, demoServer } from './api-demo-server.js';

/** The API over the bundled demo (real benign logs + attack scenarios) after the whole pipeline. */
let demo: DemoServer;
let auth: { authorization: string };

beforeAll(async () => {
  demo = await demoServer();
  auth = { authorization: `Bearer ${demo.credentials.token}` };
});

afterAll(async () => {
  await demo.app.close();
  await demo.store.close();
});

async function get<T>(url: string): Promise<T> {
  const r = await demo.app.inject({ method: 'GET', url, headers: auth });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as T;
}

describe('the demo through the API', () => {
  it('shows an incident for the beaconing laptop, with a narrative and a timeline', async () => {
    const { incidents } = await get<{ incidents: Incident[] }>('/api/incidents?limit=100');
    const net = incidents.find((i) => i.entities.some((e) => e.id === '10.0.0.111'));
    expect(net).toBeDefined();
    const detail = await get<{ incident: Incident; breaches: { model: string }[] }>(
      `/api/incidents/${encodeURIComponent(net!.id)}`,
    );
    expect(detail.incident.summary.length).toBeGreaterThan(40);
    expect(detail.incident.timeline.length).toBeGreaterThan(0);
    expect(detail.breaches.some((b) => b.model.startsWith('Compromise::'))).toBe(true);
  });

  it('reports only what happened after the learning period', async () => {
    const { breaches } = await get<{ breaches: { time: number }[] }>('/api/breaches?limit=1000');
    expect(breaches.length).toBeGreaterThan(0);
    const { DEMO_LEARN_UNTIL } = await import('../src/demo/index.js');
    expect(breaches.every((b) => b.time >= DEMO_LEARN_UNTIL)).toBe(true);
  });

  it('draws the laptop with a rare destination and its ~15 s rhythm', async () => {
    const p = await get<{
      destinations: { endpoint: string; devices?: number; ofDevices?: number }[];
      beaconIntervals: { endpoint: string; medianSeconds: number }[];
    }>('/api/entities/device/10.0.0.111');
    const c2 = p.destinations.find((d) => d.endpoint === '198.51.100.23');
    expect(c2).toBeDefined();
    expect(c2!.devices).toBe(1);
    expect(c2!.ofDevices).toBeGreaterThan(3);
    const rhythm = p.beaconIntervals.find((h) => h.endpoint === '198.51.100.23');
    expect(rhythm!.medianSeconds).toBeGreaterThan(10);
    expect(rhythm!.medianSeconds).toBeLessThan(20);
  });

  it('shows sign-ins by location for a demo user', async () => {
    const p = await get<{ logins: { country?: string; success: boolean }[] }>(
      '/api/entities/user/meganb%40seccxp.ninja',
    );
    const countries = new Set(p.logins.map((l) => l.country));
    expect(countries.size).toBeGreaterThan(1);
    expect(p.logins.some((l) => !l.success)).toBe(true);
  });

  it('serves the timeline of the hijacked user: sign-ins from the attacker, then the risky prompts, in order', async () => {
    const t = await get<{
      actor: string;
      items: { type: string; time: number; ip?: string; success?: boolean; model?: string }[];
      counts: { prompts: number; identity: number; breaches: number };
    }>('/api/entities/user/MeganB%40seccxp.ninja/timeline');
    expect(t.actor).toBe('meganb@seccxp.ninja');
    expect(t.counts.prompts).toBeGreaterThan(0);
    expect(t.counts.identity).toBeGreaterThan(0);
    expect(t.counts.breaches).toBeGreaterThan(0);
    for (let i = 1; i < t.items.length; i++) expect(t.items[i]!.time).toBeGreaterThanOrEqual(t.items[i - 1]!.time);
    const attackerSignIn = t.items.find((i) => i.type === 'identity' && i.ip === '192.0.2.44' && i.success);
    const firstRiskyBreach = t.items.find((i) => i.type === 'breach' && i.model?.startsWith('AI /'));
    expect(attackerSignIn).toBeDefined();
    expect(firstRiskyBreach!.time).toBeGreaterThan(attackerSignIn!.time);
    // A device has no timeline; a window over 31 days is refused.
    expect(
      (await demo.app.inject({ method: 'GET', url: '/api/entities/device/10.0.0.111/timeline', headers: auth }))
        .statusCode,
    ).toBe(400);
    const wide = await demo.app.inject({
      method: 'GET',
      url: '/api/entities/user/meganb%40seccxp.ninja/timeline?from=2026-01-01T00:00:00Z&to=2026-03-13T00:00:00Z',
      headers: auth,
    });
    expect(wide.statusCode).toBe(400);
    expect(wide.json().message).toContain('31 days');
  });

  it('finds the beacon in search, with top values', async () => {
    const s = await get<{ total: number }>('/api/search?q=dst:198.51.100.23%20AND%20kind:net.http&limit=5');
    expect(s.total).toBe(36);
    // A malformed query says where, in the message and as a number for the UI to mark.
    const bad = await demo.app.inject({ method: 'GET', url: '/api/search?q=dst:(198', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'bad_query', position: 4 });
    expect(bad.json().message).toContain('at position 4');
    // A value group means the same as the field repeated.
    const grouped = await get<{ total: number }>(
      `/api/search?q=${encodeURIComponent('kind:net.conn AND dst:(198.51.100.23 OR 203.0.113.77)')}&limit=1`,
    );
    const spelled = await get<{ total: number }>(
      `/api/search?q=${encodeURIComponent('kind:net.conn AND (dst:198.51.100.23 OR dst:203.0.113.77)')}&limit=1`,
    );
    const one = await get<{ total: number }>(
      `/api/search?q=${encodeURIComponent('kind:net.conn AND dst:203.0.113.77')}`,
    );
    expect(grouped.total).toBe(spelled.total);
    expect(grouped.total).toBeGreaterThan(one.total);
    expect(one.total).toBeGreaterThan(0);
    const top = await get<{ values: { value: string; count: number }[] }>(
      '/api/search/top?q=kind:net.http&field=method',
    );
    expect(top.values.map((v) => v.value)).toContain('POST');
  });
});
