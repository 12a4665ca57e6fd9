import { describe, expect, it } from 'vitest';
import { Analyst } from '../src/analyst/analyst.js';
import { device, endpoint, makeBreach, user } from '../src/analyst/breachFixture.js';
import type { Incident } from '../src/analyst/incident.js';
import type { Breach } from '../src/models/breach.js';

const C2 = '185.220.101.47';
const ATTACKER_IP = '203.0.113.77';

/** A PowerShell stager, beaconing and exfiltration on one laptop over three days; a benign download elsewhere. */
function networkIntrusion(): Breach[] {
  return [
    makeBreach({
      model: 'Device::New PowerShell User Agent',
      time: '2026-03-10T09:02:00Z',
      entity: device('10.1.4.23'),
      score: 35,
      mitre: ['T1059.001'],
      summary: 'First PowerShell user agent from 10.1.4.23',
      evidence: [
        { label: 'User agent', value: 'WindowsPowerShell/5.1', baseline: 'never seen from this device in 30 days' },
      ],
    }),
    makeBreach({
      model: 'Device::Anomalous Github Download',
      time: '2026-03-10T10:00:00Z',
      entity: device('10.1.7.80'),
      score: 30,
      mitre: ['T1105'],
      related: [endpoint('raw.githubusercontent.com')],
      summary: 'Developer laptop downloaded a release archive from GitHub',
    }),
    makeBreach({
      model: 'Anomalous Connection::Powershell to Rare External',
      time: '2026-03-10T09:03:10Z',
      entity: device('10.1.4.23'),
      score: 55,
      mitre: ['T1059.001', 'T1105'],
      related: [endpoint(C2)],
      summary: `PowerShell fetched a payload from ${C2}`,
      evidence: [
        { label: 'Devices that contacted it (30 days)', value: 1, baseline: '1 of 412 devices; first seen now' },
      ],
    }),
    makeBreach({
      model: 'Compromise::Beaconing Activity To External Rare',
      time: '2026-03-11T02:00:00Z',
      entity: device('10.1.4.23'),
      score: 62,
      mitre: ['T1071.001', 'T1573'],
      related: [endpoint(C2)],
      summary: `Regular connections to ${C2} every 60 s`,
      evidence: [{ label: 'Period', value: '60 s', baseline: '1440 connections, jitter 3%' }],
    }),
    makeBreach({
      model: 'Unusual Activity::Unusual External Data to New Endpoint',
      time: '2026-03-12T23:40:00Z',
      entity: device('10.1.4.23'),
      score: 74,
      mitre: ['T1041'],
      related: [endpoint(C2)],
      summary: `1.2 GB uploaded to ${C2}`,
      evidence: [{ label: 'Bytes out', value: '1.2 GB', baseline: 'typical 18 MB a day to external endpoints' }],
    }),
  ].sort((a, b) => a.time - b.time);
}

/** Password spraying from one IP on two accounts, one falls, then inbox rule and a risky prompt. */
function accountTakeover(): Breach[] {
  return [
    makeBreach({
      model: 'SaaS / Access / Suspicious Login Attempt',
      time: '2026-03-10T07:10:00Z',
      entity: user('bob@contoso.com'),
      score: 40,
      mitre: ['T1110.003'],
      related: [endpoint(ATTACKER_IP)],
      summary: `12 failed sign-ins from ${ATTACKER_IP}`,
      evidence: [{ label: 'Failed sign-ins', value: 12, baseline: 'typical 0 a day' }],
    }),
    makeBreach({
      model: 'SaaS / Access / Suspicious Login Attempt',
      time: '2026-03-10T07:12:00Z',
      entity: user('carol@contoso.com'),
      score: 40,
      mitre: ['T1110.003'],
      related: [endpoint(ATTACKER_IP)],
      summary: `9 failed sign-ins from ${ATTACKER_IP}`,
    }),
    makeBreach({
      model: 'SaaS / Compromise / Login From Rare Following Suspicious Login Attempt(s)',
      time: '2026-03-10T07:20:00Z',
      entity: user('bob@contoso.com'),
      score: 78,
      mitre: ['T1078.004'],
      related: [endpoint(ATTACKER_IP)],
      summary: `Successful sign-in from ${ATTACKER_IP} (hosting, NL) after failures`,
      evidence: [{ label: 'Country', value: 'NL', baseline: '0 of 214 users signed in from this ASN in 30 days' }],
    }),
    makeBreach({
      model: 'SaaS / Compliance / New Email Rule',
      time: '2026-03-10T07:31:00Z',
      entity: user('dave@contoso.com'),
      score: 25,
      mitre: ['T1564.008'],
      summary: 'dave created a rule moving newsletters to a folder',
    }),
    makeBreach({
      model: 'SaaS / Compromise / Unusual Login and New Email Rule',
      time: '2026-03-10T07:34:00Z',
      entity: user('bob@contoso.com'),
      score: 85,
      mitre: ['T1564.008', 'T1114.003'],
      related: [endpoint(ATTACKER_IP)],
      summary: 'Rule "..." deletes mail containing "invoice" and forwards to an external address',
      evidence: [{ label: 'Forward to', value: 'x@proton.me', baseline: 'user never forwarded outside' }],
    }),
    makeBreach({
      model: 'AI / Compromise / Risky Prompt Following Unusual Login',
      time: '2026-03-10T08:05:00Z',
      entity: user('bob@contoso.com'),
      score: 70,
      mitre: ['T1552', 'T1213'],
      summary: 'Asked the assistant for all finance passwords shortly after the unusual login',
    }),
  ].sort((a, b) => a.time - b.time);
}

function run(analyst: Analyst, breaches: readonly Breach[]): Map<string, Incident> {
  const incidents = new Map<string, Incident>();
  for (const b of breaches) for (const inc of analyst.onBreach(b)) incidents.set(inc.id, inc);
  return incidents;
}

function live(incidents: Map<string, Incident>): Incident[] {
  return [...incidents.values()].filter((i) => i.mergedInto === undefined);
}

function holding(incidents: Incident[], entityId: string): Incident {
  const found = incidents.filter((i) => i.entities.some((e) => e.id === entityId));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('incident correlation', () => {
  it('makes one incident of a network intrusion on one device and keeps the benign download apart', () => {
    const breaches = networkIntrusion();
    const incidents = live(run(new Analyst(), breaches));
    expect(incidents).toHaveLength(2);
    const attack = holding(incidents, '10.1.4.23');
    expect(attack.breaches).toHaveLength(4);
    expect(attack.entities.map((e) => e.id)).toEqual(['10.1.4.23', C2]);
    expect(attack.mitre.tactics).toEqual(['execution', 'command-and-control', 'exfiltration']);
    const benign = holding(incidents, '10.1.7.80');
    expect(benign.breaches).toHaveLength(1);
    expect(attack.score).toBeGreaterThan(benign.score + 30);
    expect(attack.title).toBe('Possible data exfiltration on 10.1.4.23');
    const s = attack.summary;
    const steps = ['PowerShell user agent', 'fetched a payload', 'every 60 s', '1.2 GB uploaded'];
    const positions = steps.map((x) => s.indexOf(x));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(s).toContain('1 of 412 devices');
    expect(s).toContain('typical 18 MB a day');
    expect(s).toContain('reaching in turn Execution → Command and Control → Exfiltration.');
    expect(s).toContain(`Find the process on 10.1.4.23 that contacts ${C2}`);
  });

  it('joins a second device contacting the same rare endpoint', () => {
    const breaches = networkIntrusion();
    breaches.push(
      makeBreach({
        model: 'Compromise::Beaconing Activity To External Rare',
        time: '2026-03-13T01:00:00Z',
        entity: device('10.1.9.14'),
        score: 60,
        mitre: ['T1071.001'],
        related: [endpoint(C2)],
      }),
    );
    const attack = holding(live(run(new Analyst(), breaches)), C2);
    expect(attack.entities.filter((e) => e.kind === 'device').map((e) => e.id)).toEqual(['10.1.4.23', '10.1.9.14']);
  });

  it('follows an account takeover from SaaS into AI and across accounts sprayed from the same IP', () => {
    const incidents = live(run(new Analyst(), accountTakeover()));
    expect(incidents).toHaveLength(2);
    const attack = holding(incidents, 'bob@contoso.com');
    expect(attack.breaches).toHaveLength(5);
    expect(attack.entities.filter((e) => e.kind === 'user').map((e) => e.id)).toEqual([
      'bob@contoso.com',
      'carol@contoso.com',
    ]);
    expect(holding(incidents, 'dave@contoso.com').breaches).toHaveLength(1);
    expect(attack.title).toBe('Possible account takeover on bob@contoso.com and 1 other entity across SaaS and AI');
    expect(attack.mitre.tactics.indexOf('credential-access')).toBeLessThan(attack.mitre.tactics.indexOf('collection'));
    const s = attack.summary;
    expect(s.indexOf('12 failed sign-ins')).toBeLessThan(s.indexOf('Successful sign-in'));
    expect(s.indexOf('Successful sign-in')).toBeLessThan(s.indexOf('deletes mail'));
    expect(s.indexOf('deletes mail')).toBeLessThan(s.indexOf('finance passwords'));
    expect(s).toContain('0 of 214 users');
    expect(s).toContain('Ask bob@contoso.com whether the sign-ins');
    expect(s).toContain('Review the prompts of bob@contoso.com');
  });

  it('keeps two unrelated attacks at the same time in two incidents', () => {
    const both = [...networkIntrusion(), ...accountTakeover()].sort((a, b) => a.time - b.time);
    const incidents = live(run(new Analyst(), both));
    const net = holding(incidents, '10.1.4.23');
    const saas = holding(incidents, 'bob@contoso.com');
    expect(net.id).not.toBe(saas.id);
    expect(net.entities.some((e) => e.kind === 'user')).toBe(false);
    expect(saas.entities.some((e) => e.kind === 'device')).toBe(false);
  });

  it('gathers weak breaches converging on one entity over days, then closes after a quiet week', () => {
    const a = new Analyst();
    const weak = ['2026-04-01T10:00:00Z', '2026-04-03T15:00:00Z', '2026-04-06T08:00:00Z'].map((t, i) =>
      makeBreach({
        model: [
          'Compromise::Large Number of Suspicious Failed Connections',
          'Device::New PowerShell User Agent',
          'Anomalous Connection::Posting HTTP to IP Without Hostname',
        ][i]!,
        time: t,
        entity: device('10.2.0.8'),
        score: 25,
        mitre: [['T1046'], ['T1059.001'], ['T1071.001']][i]!,
      }),
    );
    const incidents = live(run(a, weak));
    expect(incidents).toHaveLength(1);
    const inc = incidents[0]!;
    expect(inc.breaches).toHaveLength(3);
    expect(inc.score).toBeGreaterThan(50);
    expect(a.advance(Date.parse('2026-04-12T08:00:00Z'))).toEqual([]);
    const closed = a.advance(Date.parse('2026-04-13T08:00:00Z'));
    expect(closed.map((i) => [i.id, i.status])).toEqual([[inc.id, 'closed']]);
    const later = a.onBreach(
      makeBreach({
        model: 'Device::New PowerShell User Agent',
        time: '2026-04-14T08:00:00Z',
        entity: device('10.2.0.8'),
        score: 25,
      }),
    );
    expect(later[0]!.id).not.toBe(inc.id);
  });

  it('merges the incidents of a device and the user logged in on it', () => {
    const a = new Analyst();
    const first = a.onBreach(
      makeBreach({
        model: 'Compromise::Possible SSL Command and Control',
        time: '2026-05-01T09:00:00Z',
        entity: device('10.3.0.5'),
        score: 60,
        related: [endpoint('198.51.100.9')],
      }),
    )[0]!;
    const second = a.onBreach(
      makeBreach({
        model: 'SaaS / Email Nexus / Unusual Location for SaaS and Email Activity',
        time: '2026-05-01T10:00:00Z',
        entity: user('erin@contoso.com'),
        score: 50,
      }),
    )[0]!;
    expect(second.id).not.toBe(first.id);
    a.associate('10.3.0.5', 'erin@contoso.com', Date.parse('2026-05-01T08:00:00Z'));
    const changed = a.onBreach(
      makeBreach({
        model: 'Compromise::Beaconing Activity To External Rare',
        time: '2026-05-01T11:00:00Z',
        entity: device('10.3.0.5'),
        score: 60,
        related: [endpoint('198.51.100.9')],
      }),
    );
    expect(changed.map((i) => i.id)).toEqual([first.id, second.id]);
    expect(changed[1]).toMatchObject({ mergedInto: first.id, status: 'closed' });
    expect(changed[0]!.breaches).toHaveLength(3);
    expect(a.openIncidents().map((i) => i.id)).toEqual([first.id]);
  });

  it('stops linking through an endpoint that many devices share', () => {
    const a = new Analyst({ maxEntitiesPerSharedLink: 3 });
    const breaches = Array.from({ length: 6 }, (_, i) =>
      makeBreach({
        model: 'Compromise::Beaconing Activity To External Rare',
        time: 1_800_000_000_000 + i * 60_000,
        entity: device(`10.4.0.${i + 1}`),
        score: 40,
        related: [endpoint('cdn.example.net')],
      }),
    );
    const incidents = live(run(a, breaches));
    expect(incidents.map((i) => i.entities.filter((e) => e.kind === 'device').length)).toEqual([3, 1, 1, 1]);
  });

  it('restores from a snapshot and carries on exactly as without it', () => {
    const all = [...networkIntrusion(), ...accountTakeover()].sort((a, b) => a.time - b.time);
    const straight = run(new Analyst(), all);
    const a = new Analyst();
    const firstHalf = run(a, all.slice(0, 5));
    const b = new Analyst();
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    const rest = run(b, all.slice(5));
    const combined = new Map([...firstHalf, ...rest]);
    expect(live(combined)).toEqual(live(straight));
  });
});

describe('incident size', () => {
  it('stops a chain of different shared endpoints from pulling ever more entities into one incident', () => {
    const a = new Analyst({ maxEntitiesPerIncident: 4 });
    // Device i shares endpoint i with device i+1: a chain, each link used by only two devices.
    const breaches = Array.from({ length: 8 }, (_, i) =>
      makeBreach({
        model: 'Compromise::Beaconing Activity To External Rare',
        time: 1_800_000_000_000 + i * 60_000,
        entity: device(`10.5.0.${i + 1}`),
        score: 40,
        related: [endpoint(`203.0.113.${i}`), endpoint(`203.0.113.${i + 1}`)],
      }),
    );
    const sizes = live(run(a, breaches)).map((i) => i.entities.filter((e) => e.kind === 'device').length);
    expect(sizes).toEqual([4, 4]);
  });
});
