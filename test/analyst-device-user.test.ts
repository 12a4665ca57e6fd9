import { describe, expect, it } from 'vitest';
import type { Incident } from '../src/analyst/incident.js';
import { buildPipeline } from '../src/cli/build-pipeline.js';
import { configSchema } from '../src/config/schema.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';
import {
  afterBackground,
  DAY,
  HOUR,
  MINUTE,
  NetEvents,
  officeBackground,
  T0,
  UA,
} from '../src/models/network/test-events.js';
import { login, net, UA as SAAS_UA } from '../src/models/saas/events.suite.js';

/**
 * "A device and the user logged in on it" through the whole pipeline (buildPipeline, real models):
 * Erin signs in to Microsoft 365 from her desktop every morning (an internal address) and from home
 * in the evening. One day the desktop fetches a PowerShell stager, and a few hours apart someone
 * sprays her password from a VPN. The sign-ins alone tie the two into one incident, whichever
 * breaches first; without them, or through a desktop many people sign in from, they stay apart.
 */
const LEARN_DAYS = 5;
const ERIN = 'erin@contoso.com';
const VPN = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');
const HOME = net('84.150.1.10', 'DE', 3320, 'Deutsche Telekom AG');

function stager(b: NetEvents, dev: string, t: number): void {
  for (let i = 0; i < 150; i++)
    b.conn(t + i * 10_000, dev, '193.42.33.7', 8080, { connState: i % 3 ? 'S0' : 'REJ', bytesOut: 0 });
  const ps = t + 30 * MINUTE;
  b.conn(ps, dev, '193.42.33.7', 8080, { bytesOut: 300, service: 'http' });
  b.http(ps + 20, dev, '193.42.33.7', {
    host: '193.42.33.7:8080',
    uri: '/a.ps1',
    userAgent: UA.powershell,
    port: 8080,
  });
}

interface Scenario {
  /** Who signs in from the desktop each morning (the rest of the time from home). */
  onDesktop: string[];
  /** Hours after the learning period: the stager on the desktop, the spray on Erin. */
  stagerAt: number;
  sprayAt: number;
}

function run(s: Scenario): { desktop: string; breaches: Breach[]; incidents: Incident[] } {
  const b = new NetEvents();
  const desktop = officeBackground(b, 20, LEARN_DAYS + 1)[11]!;
  const learnUntil = afterBackground(LEARN_DAYS);
  stager(b, desktop, learnUntil + s.stagerAt * HOUR);
  const events: Event[] = [...b.events];
  for (let d = 0; d <= LEARN_DAYS; d++) {
    for (const [i, u] of s.onDesktop.entries())
      events.push(login(u, T0 + d * DAY + 8 * HOUR + i * MINUTE, { ...HOME, ip: desktop, internal: true }));
    events.push(login(ERIN, T0 + d * DAY + 19 * HOUR, HOME));
  }
  const t = learnUntil + s.sprayAt * HOUR;
  for (let i = 0; i < 8; i++) events.push(login(ERIN, t + i * MINUTE, VPN, { success: false, ua: SAAS_UA.python }));
  events.sort((x, y) => x.time - y.time);
  const breaches: Breach[] = [];
  const p = buildPipeline(
    configSchema.parse({}),
    { breach: (x) => breaches.push(x) },
    { learnUntil, keepEvents: false },
  );
  p.push(events);
  p.flush();
  return { desktop, breaches, incidents: p.allIncidents().filter((i) => i.mergedInto === undefined) };
}

const internalOf = (i: Incident) => i.entities.filter((e) => e.kind === 'device' || e.kind === 'user').map((e) => e.id);

describe('a device and the user signed in on it, through the pipeline', () => {
  it('joins the desktop breach and the later breach of its user (user to device)', () => {
    // The stager runs at 6:00, before her 8:00 sign-in from the desktop: only the spray at noon can link.
    const { desktop, breaches, incidents } = run({ onDesktop: [ERIN], stagerAt: 6, sprayAt: 12 });
    expect(breaches.some((b) => b.entity.id === desktop)).toBe(true);
    expect(breaches.some((b) => b.entity.id === ERIN)).toBe(true);
    expect(incidents).toHaveLength(1);
    expect(internalOf(incidents[0]!).sort()).toEqual([desktop, ERIN].sort());
    expect(incidents[0]!.breaches).toHaveLength(breaches.length);
  });

  it('joins the breach of the user and the later breach of the desktop (device to user)', () => {
    const { desktop, breaches, incidents } = run({ onDesktop: [ERIN], stagerAt: 10, sprayAt: 5 });
    const [first] = [...breaches].sort((a, b) => a.time - b.time);
    expect(first!.entity.id).toBe(ERIN);
    expect(incidents).toHaveLength(1);
    expect(internalOf(incidents[0]!).sort()).toEqual([desktop, ERIN].sort());
  });

  it('keeps them apart when she never signs in from the desktop', () => {
    const { desktop, breaches, incidents } = run({ onDesktop: [], stagerAt: 10, sprayAt: 12 });
    expect(breaches.some((b) => b.entity.id === ERIN)).toBe(true);
    expect(incidents.map(internalOf)).toEqual(
      expect.arrayContaining([expect.arrayContaining([desktop]), expect.arrayContaining([ERIN])]),
    );
    expect(incidents).toHaveLength(2);
  });

  it('keeps them apart when the desktop is shared by more people than a workstation has', () => {
    const colleagues = ['ann@contoso.com', 'ben@contoso.com', 'cho@contoso.com'];
    const { incidents } = run({ onDesktop: [ERIN, ...colleagues], stagerAt: 10, sprayAt: 12 });
    expect(incidents).toHaveLength(2);
    for (const i of incidents) for (const c of colleagues) expect(internalOf(i)).not.toContain(c);
  });

  it('keeps them apart when her last sign-in from the desktop is older than the logon window', () => {
    // The desktop sign-in of the attack day is 8:00; the spray comes 24 h later.
    const { incidents } = run({ onDesktop: [ERIN], stagerAt: 30, sprayAt: 32 });
    expect(incidents).toHaveLength(2);
  });
});
