import { describe, expect, it } from 'vitest';
import { benignNetwork } from '../bench/network-zeek.js';
import { expectedSteps, incidentsOf, narrativeSteps } from '../src/analyst/testing.js';
import type { Breach } from '../src/models/breach.js';
import { NETWORK_MODELS } from '../src/models/network/index.js';
import { DAY, HOUR, MINUTE, NetEvents, T0, UA } from '../src/models/network/test-events.js';
import { runModels } from '../src/models/testing.js';
import breachesOverTimeBlock from '../src/response/rules/breachesOverTimeBlock.js';

/**
 * End to end: four real benign Windows hosts (Stratosphere CTU-Normal captures, one day each)
 * are the background of 24 devices that differ: each uses its own share of its host's endpoints
 * and hours (see `benignNetwork`), so the long tail of endpoints is rare on the network as in a
 * real one. Three learning days; on day four every device replays another host's real day through
 * its own filter (endpoints new for it, some rare), and two devices are attacked.
 */
const LEARN_DAYS = 3;
/**
 * What the benign devices may raise on the judged day: nothing above QUIET_SCORE. The response
 * first acts on an incident at the Breaches Over Time Block's score (60); an incident made of one
 * breach at QUIET_SCORE, with the most context the analyst adds to a lone breach (rarity), stays
 * below it, so the benign day asks nothing of an analyst or of the response. Low breaches remain
 * visible for hunting. Every breach of the two intrusions must outrank every benign one.
 */
const QUIET_SCORE = 50;
const INCIDENT_ACTION_SCORE = breachesOverTimeBlock.meta.thresholds.minScore;

const MAC = '10.2.1.1';
const WIN = '10.2.2.2';

function macIntrusion(b: NetEvents, t: number): void {
  // Doppelganger meeting host over 443.
  b.dns(t, MAC, 'zoom.us-meeting.us', ['45.77.12.41']);
  b.conn(t + 50, MAC, '45.77.12.41', 443, { bytesOut: 2_000, service: 'ssl' });
  b.tls(t + 60, MAC, '45.77.12.41', { serverName: 'zoom.us-meeting.us' });
  // Self-signed TLS on 8443, every ~10 minutes, then a 30 MB upload.
  for (let i = 0; i < 14; i++) {
    const at = t + 5 * MINUTE + i * 10 * MINUTE + (i % 3) * 4_000;
    b.conn(at, MAC, '45.77.12.35', 8443, { bytesOut: i === 10 ? 30_000_000 : 1_800, service: 'ssl' });
    b.tls(at + 40, MAC, '45.77.12.35', { port: 8443, selfSigned: true, validationStatus: 'self signed certificate' });
  }
  // curl POSTs every few minutes to /api/daemon on a bare IP, port 6783.
  for (let i = 0; i < 40; i++) {
    const at = t + 7 * MINUTE + i * 3 * MINUTE + ((i * 13) % 7) * 1_000;
    b.conn(at, MAC, '45.77.12.34', 6783, { bytesOut: 420, service: 'http' });
    b.http(at + 30, MAC, '45.77.12.34', {
      method: 'POST',
      host: '45.77.12.34:6783',
      uri: '/api/daemon',
      userAgent: UA.curl,
      requestBodyLen: 390,
      port: 6783,
    });
  }
  // Go-http-client POSTs to a rare domain on 7365.
  for (let i = 0; i < 8; i++) {
    const at = t + 9 * MINUTE + i * 11 * MINUTE;
    if (i === 0) b.dns(at - 100, MAC, 'cdn.qwmlc-sync.net', ['45.77.12.42']);
    b.conn(at, MAC, '45.77.12.42', 7365, { bytesOut: 1_200, service: 'http' });
    b.http(at + 30, MAC, '45.77.12.42', {
      method: 'POST',
      host: 'cdn.qwmlc-sync.net:7365',
      uri: '/v1/sync',
      userAgent: UA.go,
      requestBodyLen: 1_100,
      port: 7365,
    });
  }
}

function windowsIntrusion(b: NetEvents, t: number): void {
  // An implant retrying its server every ~10 s for half an hour.
  for (let i = 0; i < 180; i++) {
    b.conn(t + i * 10_000, WIN, '45.77.12.40', 8080, { connState: i % 3 === 0 ? 'REJ' : 'S0', bytesOut: 0 });
  }
  const ps = t + 35 * MINUTE;
  b.conn(ps, WIN, '45.77.12.40', 8080, { bytesOut: 300, service: 'http' });
  b.http(ps + 20, WIN, '45.77.12.40', {
    host: '45.77.12.40:8080',
    uri: '/a.ps1',
    userAgent: UA.powershell,
    port: 8080,
  });
  const gh = ps + 5 * MINUTE;
  b.dns(gh - 200, WIN, 'raw.githubusercontent.com', ['185.199.108.133']);
  b.conn(gh, WIN, '185.199.108.133', 443, { bytesOut: 900, bytesIn: 4_000_000, service: 'ssl' });
  b.tls(gh + 30, WIN, '185.199.108.133', { serverName: 'raw.githubusercontent.com' });
}

function modelsOf(breaches: readonly Breach[], device: string): Set<string> {
  return new Set(breaches.filter((b) => b.entity.id === device).map((b) => b.model));
}

describe('network intrusion end to end (real CTU-Normal traffic as background)', () => {
  it('catches the macOS and Windows intrusions and leaves the other devices quiet', () => {
    const { events, devices } = benignNetwork({
      devicesPerHost: 6,
      ownDays: LEARN_DAYS,
      start: T0,
      endpointShare: 0.5,
      hourShare: 0.8,
    });
    expect(devices).toHaveLength(24);
    expect(events.length).toBeGreaterThan(50_000);
    // The quiet check can fail: many benign endpoints are used by at most three devices.
    const users = new Map<string, Set<string>>();
    for (const e of events)
      if (e.kind === 'net.conn') users.set(e.dst, (users.get(e.dst) ?? new Set()).add(e.entity.id));
    const rare = [...users.values()].filter((u) => u.size <= 3).length;
    expect(rare).toBeGreaterThan(100);
    const attack = new NetEvents();
    const learnUntil = T0 + LEARN_DAYS * DAY;
    macIntrusion(attack, learnUntil + 10 * HOUR);
    windowsIntrusion(attack, learnUntil + 11 * HOUR);
    const all = events.concat(attack.events).sort((a, b) => a.time - b.time);
    const { breaches } = runModels(NETWORK_MODELS, all, { learnUntil });

    const mac = modelsOf(breaches, MAC);
    for (const m of [
      'Anomalous Connection::Multiple HTTP POSTs to Rare Hostname',
      'Anomalous Connection::New User Agent to IP Without Hostname',
      'Anomalous Connection::Posting HTTP to IP Without Hostname',
      'Anomalous Connection::Rare External SSL Self-Signed',
      'Compromise::Beaconing Activity To External Rare',
      'Compromise::Possible Doppelganger Attack',
      'Compromise::Possible SSL Command and Control',
      'Unusual Activity::Unusual External Data to New Endpoint',
    ]) {
      expect(mac, m).toContain(m);
    }
    const win = modelsOf(breaches, WIN);
    for (const m of [
      'Compromise::Large Number of Suspicious Failed Connections',
      'Device::New PowerShell User Agent',
      'Anomalous Connection::Powershell to Rare External',
      'Device::Anomalous Github Download',
    ]) {
      expect(win, m).toContain(m);
    }
    const others = breaches.filter((b) => b.entity.id !== MAC && b.entity.id !== WIN);
    const listed = others.map((b) => `${b.entity.id} ${Math.round(b.score)} ${b.model} ${b.summary}`).join('\n');
    const attackScores = breaches.filter((b) => b.entity.id === MAC || b.entity.id === WIN).map((b) => b.score);
    const benignTop = Math.max(0, ...others.map((b) => b.score));
    expect(benignTop, listed).toBeLessThanOrEqual(QUIET_SCORE);
    expect(Math.min(...attackScores), listed).toBeGreaterThan(benignTop);
    for (const inc of incidentsOf(others)) expect(inc.score, inc.title).toBeLessThan(INCIDENT_ACTION_SCORE);
    // Every breach states the baseline it broke.
    for (const b of breaches)
      expect(
        b.evidence.some((e) => e.baseline !== undefined),
        b.model,
      ).toBe(true);
  }, 300_000);
});

describe('network intrusion end to end: incidents from the analyst', () => {
  it('makes one incident per attacked device holding all its breaches, and tells the steps in order', () => {
    const { events, devices } = benignNetwork({
      devicesPerHost: 6,
      ownDays: LEARN_DAYS,
      start: T0,
      endpointShare: 0.5,
      hourShare: 0.8,
    });
    const attack = new NetEvents();
    const learnUntil = T0 + LEARN_DAYS * DAY;
    macIntrusion(attack, learnUntil + 10 * HOUR);
    windowsIntrusion(attack, learnUntil + 11 * HOUR);
    const all = events.concat(attack.events).sort((a, b) => a.time - b.time);
    const { breaches } = runModels(NETWORK_MODELS, all, { learnUntil });
    const incidents = incidentsOf(breaches);
    const incidentOf = (device: string) =>
      incidents.filter((i) => i.entities.some((e) => e.kind === 'device' && e.id === device));

    // The two intrusions overlap in time (10:00-11:45 and 11:00-11:40) yet share nothing: two incidents.
    const [mac] = incidentOf(MAC);
    const [win] = incidentOf(WIN);
    expect(incidentOf(MAC)).toHaveLength(1);
    expect(incidentOf(WIN)).toHaveLength(1);
    expect(mac!.id).not.toBe(win!.id);
    const benign = new Set(devices.filter((d) => d !== MAC && d !== WIN));
    for (const [device, inc] of [
      [MAC, mac!],
      [WIN, win!],
    ] as const) {
      const own = breaches.filter((b) => b.entity.id === device);
      expect([...inc.breaches].sort()).toEqual(own.map((b) => b.id).sort());
      expect(inc.entities.filter((e) => e.kind === 'device')).toEqual([{ kind: 'device', id: device }]);
      for (const e of inc.entities) expect(benign.has(e.id), e.id).toBe(false);
      const steps = narrativeSteps(inc.summary);
      expect(steps.map((s) => s.n)).toEqual(steps.map((_, i) => i + 1));
      expect(steps.map((s) => s.model)).toEqual(expectedSteps(own));
      expect(steps.map((s) => s.time)).toEqual([...steps.map((s) => s.time)].sort());
    }
    expect(mac!.breaches).toHaveLength(8);
    expect(win!.breaches).toHaveLength(5);
    // The look-up of the look-alike meeting host comes first, the 30 MB upload last.
    const macSteps = narrativeSteps(mac!.summary);
    expect(macSteps[0]!.model).toBe('Compromise::Possible Doppelganger Attack');
    expect(macSteps.at(-1)!.model).toBe('Unusual Activity::Unusual External Data to New Endpoint');
    // The failed retries of the implant come first, the GitHub download after PowerShell last.
    const winSteps = narrativeSteps(win!.summary);
    expect(winSteps[0]!.model).toBe('Compromise::Large Number of Suspicious Failed Connections');
    expect(winSteps.at(-1)!.model).toBe('Device::Anomalous Github Download');
  }, 300_000);
});
