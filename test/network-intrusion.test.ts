import { describe, expect, it } from 'vitest';
import { readZeekDir, ZEEK_DATA } from '../bench/network-zeek.js';
import { createEnricher } from '../src/enrich/index.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';
import { NETWORK_MODELS } from '../src/models/network/index.js';
import { DAY, HOUR, MINUTE, NetEvents, T0, UA } from '../src/models/network/test-events.js';
import { runModels } from '../src/models/testing.js';

/**
 * End to end: four real benign Windows hosts (Stratosphere CTU-Normal captures, one day each) are
 * replayed as 24 devices over three learning days; on day four every device replays another
 * host's real day (new for it, common on the network), and two devices are attacked.
 */
const SOURCES: [string, string][] = [
  ['stratosphere-security-datasets/008-zeek-mixed', '147.32.81.167'],
  ['stratosphere-security-datasets/010-zeek-mixed', '147.32.83.234'],
  ['stratosphere-security-datasets/011-zeek-mixed', '147.32.83.165'],
  ['stratosphere-security-datasets/012-zeek-mixed', '147.32.83.161'],
];
const REPLICAS = 6;
const LEARN_DAYS = 3;

/** The host's own records (it is the originator), re-addressed to an internal device and enriched once. */
function hostDay(events: readonly Event[], host: string): Event[] {
  const enrich = createEnricher();
  const out: Event[] = [];
  for (const e of events) {
    if (e.kind === 'net.x509' || !('src' in e) || e.src !== host) continue;
    const moved = { ...e, src: '10.9.9.9', entity: { kind: 'device', id: '10.9.9.9' } } as Event;
    enrich(moved);
    out.push(moved);
  }
  return out;
}

/** A host's day replayed as `device`, starting at `start`. */
function replay(day: readonly Event[], device: string, start: number, out: Event[]): void {
  const t0 = day[0]!.time;
  for (const e of day)
    out.push({ ...e, src: device, entity: { kind: 'device', id: device }, time: start + (e.time - t0) } as Event);
}

function benignNetwork(): { events: Event[]; devices: string[] } {
  const days = SOURCES.map(([dir, host]) => hostDay(readZeekDir(ZEEK_DATA + dir).events, host));
  const out: Event[] = [];
  const devices: string[] = [];
  SOURCES.forEach((_, s) => {
    for (let k = 0; k < REPLICAS; k++) {
      const device = `10.2.${s}.${k + 1}`;
      devices.push(device);
      for (let d = 0; d < LEARN_DAYS; d++) replay(days[s]!, device, T0 + d * DAY + k * 7 * MINUTE, out);
      replay(days[(s + 1) % SOURCES.length]!, device, T0 + LEARN_DAYS * DAY + k * 7 * MINUTE, out);
    }
  });
  return { events: out, devices };
}

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
    const { events, devices } = benignNetwork();
    expect(devices).toHaveLength(24);
    expect(events.length).toBeGreaterThan(50_000);
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
    expect(others.map((b) => `${b.entity.id} ${b.model} ${b.summary}`)).toEqual([]);
    // Every breach states the baseline it broke.
    for (const b of breaches)
      expect(
        b.evidence.some((e) => e.baseline !== undefined),
        b.model,
      ).toBe(true);
  }, 300_000);
});
