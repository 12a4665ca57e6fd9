import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import { device, endpoint, makeBreach, user } from './breachFixture.js';
import type { Incident } from './incident.js';
import { attachPivotEvents, pivotQueries } from './pivots.js';

const T = Date.parse('2026-03-10T09:00:00Z');

describe('pivots', () => {
  it('asks for the sign-ins before an OAuth grant', () => {
    const q = pivotQueries(
      makeBreach({
        model: 'SaaS / Admin / OAuth Permission Grant',
        time: T,
        entity: user('bob@contoso.com'),
        score: 60,
      }),
    );
    expect(q).toContainEqual(
      expect.objectContaining({ entity: 'bob@contoso.com', kinds: ['saas.login'], from: T - 86_400_000, to: T + 1 }),
    );
  });

  it('asks for the DNS look-ups before a beacon, and no sign-ins', () => {
    const q = pivotQueries(
      makeBreach({
        model: 'Compromise::Beaconing Activity To External Rare',
        time: T,
        entity: device('10.0.0.5'),
        score: 60,
        related: [endpoint('evil.example')],
      }),
    );
    expect(q).toContainEqual(expect.objectContaining({ entity: '10.0.0.5', kinds: ['net.dns'], from: T - 3_600_000 }));
    expect(q.some((x) => x.kinds?.includes('saas.login'))).toBe(false);
  });

  it('attaches fetched events once each, in time order', () => {
    const dns = (time: number, line: number): Event => ({
      kind: 'net.dns',
      time,
      source: { input: 'dns.log', line },
      entity: device('10.0.0.5'),
      uid: 'C1',
      src: '10.0.0.5',
      srcPort: 5353,
      dst: '10.0.0.1',
      dstPort: 53,
      query: 'evil.example',
    });
    const inc = { id: 'i-1' } as Incident;
    const view = attachPivotEvents(inc, [
      { breach: 'b-1', events: [dns(T - 10, 2), dns(T - 20, 1)] },
      { breach: 'b-2', events: [dns(T - 20, 1)] },
    ]);
    expect(view.events.map((e) => e.source.line)).toEqual([1, 2]);
    // The shared look-up explains both breaches; the later one only the first.
    expect(view.explains).toEqual({ 'b-1': [0, 1], 'b-2': [0] });
  });
});
