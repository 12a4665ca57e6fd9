import { describe, expect, it } from 'vitest';
import { buildPipeline } from '../src/cli/build-pipeline.js';
import { configSchema } from '../src/config/schema.js';
import type { Event } from '../src/events/event.js';
import { AllowList } from '../src/models/allowlist.js';
import type { Breach } from '../src/models/breach.js';
import { afterBackground, HOUR, MINUTE, NetEvents, officeBackground, UA } from '../src/models/network/test-events.js';

const BEACON = 'Compromise::Beaconing Activity To External Rare';
const POSTING = 'Anomalous Connection::Posting HTTP to IP Without Hostname';
const NEW_UA = 'Anomalous Connection::New User Agent to IP Without Hostname';
const POSTS = 'Anomalous Connection::Multiple HTTP POSTs to Rare Hostname';

/** One entry of each kind, each for one model: an endpoint, a device, a tag and a domain. */
const ALLOW: Record<string, string[]> = {
  [BEACON]: ['45.77.12.34'],
  [POSTING]: ['10.1.0.6'],
  [NEW_UA]: ['tag:lab'],
  [POSTS]: ['*.qwmlc-sync.net'],
};
const TAGS = { lab: ['10.1.0.7'] };

/** An office, then four devices calling home: three by bare IP with curl, one by name with Go. */
function scenario(): { events: Event[]; learnUntil: number } {
  const b = new NetEvents();
  officeBackground(b, 20, 3);
  const learnUntil = afterBackground(3);
  const t = learnUntil + 2 * HOUR;
  for (const [device, ip] of [
    ['10.1.0.5', '45.77.12.34'],
    ['10.1.0.6', '45.77.12.36'],
    ['10.1.0.7', '45.77.12.38'],
  ] as const) {
    for (let i = 0; i < 40; i++) {
      const at = t + i * 3 * MINUTE + ((i * 13) % 7) * 1000;
      b.conn(at, device, ip, 6783, { bytesOut: 420, service: 'http' });
      b.http(at + 30, device, ip, {
        method: 'POST',
        host: `${ip}:6783`,
        uri: '/api/daemon',
        userAgent: UA.curl,
        requestBodyLen: 390,
        port: 6783,
      });
    }
  }
  for (let i = 0; i < 12; i++) {
    const at = t + i * 11 * MINUTE;
    if (i === 0) b.dns(at - 100, '10.1.0.8', 'cdn.qwmlc-sync.net', ['45.77.12.42']);
    b.conn(at, '10.1.0.8', '45.77.12.42', 7365, { bytesOut: 1_200, service: 'http' });
    b.http(at + 30, '10.1.0.8', '45.77.12.42', {
      method: 'POST',
      host: 'cdn.qwmlc-sync.net:7365',
      uri: '/v1/sync',
      userAgent: UA.go,
      requestBodyLen: 1_100,
      port: 7365,
    });
  }
  return { events: b.sorted(), learnUntil };
}

function detect(allow: Record<string, string[]>): { breaches: Breach[]; suppressed: number } {
  const { events, learnUntil } = scenario();
  const models = Object.fromEntries(Object.entries(allow).map(([name, list]) => [name, { allow: list }]));
  const breaches: Breach[] = [];
  const pipeline = buildPipeline(
    configSchema.parse({ models, tags: TAGS }),
    { breach: (b) => breaches.push(b) },
    { learnUntil, keepEvents: false },
  );
  pipeline.push(events);
  pipeline.flush();
  return { breaches, suppressed: pipeline.counters.suppressedByAllowList };
}

function allowedFor(b: Breach): boolean {
  const list = ALLOW[b.model];
  if (list === undefined) return false;
  const allow = new AllowList(list);
  const tags = Object.entries(TAGS)
    .filter(([, ids]) => ids.includes(b.entity.id))
    .map(([tag]) => tag);
  return allow.matches(b.entity.id, tags) || b.related.some((r) => allow.matches(r.id));
}

describe('allow-lists in the pipeline', () => {
  it('suppress exactly the breaches of their own model that name an allowed endpoint, domain, device or tag, and count them once each', () => {
    const open = detect({});
    const listed = detect(ALLOW);
    const expected = open.breaches.filter((b) => !allowedFor(b));
    const removed = open.breaches.filter(allowedFor);
    // Each kind of entry removes something, so the test can fail on each.
    for (const model of Object.keys(ALLOW))
      expect(
        removed.some((b) => b.model === model),
        model,
      ).toBe(true);
    expect(listed.breaches.map((b) => b.id)).toEqual(expected.map((b) => b.id));
    // The counter counts breaches the allow-lists removed, not every event their models judged.
    expect(listed.suppressed).toBe(removed.length);
    expect(open.suppressed).toBe(0);
    // Other models still report what an entry exempts from one model.
    const kept = (model: string, id: string) =>
      listed.breaches.some((b) => b.model === model && (b.entity.id === id || b.related.some((r) => r.id === id)));
    expect(kept(POSTING, '45.77.12.34')).toBe(true);
    expect(kept(BEACON, '10.1.0.6')).toBe(true);
    expect(kept(POSTING, '10.1.0.7')).toBe(true);
    expect(kept(BEACON, 'cdn.qwmlc-sync.net')).toBe(true);
  });
});
