import { describe, expect, it } from 'vitest';
import { LARGE_NUMBER_OF_MODEL_ALERTS } from '../src/analyst/alertRate.js';
import { Analyst } from '../src/analyst/analyst.js';
import { device, endpoint, makeBreach } from '../src/analyst/breachFixture.js';
import type { Incident } from '../src/analyst/incident.js';
import { incidentsOf } from '../src/analyst/testing.js';
import { DEFAULT_BASELINE_OPTIONS } from '../src/baseline/component.js';
import { Pipeline } from '../src/engine/pipeline.js';
import { createEnricher } from '../src/enrich/index.js';
import type { Event } from '../src/events/event.js';
import { alertJson } from '../src/export/alert.js';
import type { Breach } from '../src/models/breach.js';
import { type AnyModel, defineModel } from '../src/models/model.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const DAY0 = Date.parse('2026-02-20T00:00:00Z');
const BURST_DAY = DAY0 + 14 * DAY;

const WEAK_MODELS = [
  'Anomalous Connection::New User Agent to IP Without Hostname',
  'Device::New PowerShell User Agent',
  'Compromise::Large Number of Suspicious Failed Connections',
];

/** A device with `perDay` weak breaches on each of 14 days, then `burst` on the 15th morning. */
function history(dev: string, perDay: number, burst: number): Breach[] {
  const out: Breach[] = [];
  const weak = (time: number, i: number) =>
    makeBreach({
      model: WEAK_MODELS[i % WEAK_MODELS.length]!,
      time,
      entity: device(dev),
      score: 28,
      related: [endpoint(`203.0.113.${(i % 50) + 1}`)],
    });
  for (let d = 0; d < 14; d++) for (let i = 0; i < perDay; i++) out.push(weak(DAY0 + d * DAY + 9 * 3_600_000 + i, d));
  for (let i = 0; i < burst; i++) out.push(weak(BURST_DAY + 10 * 3_600_000 + i * 7 * MINUTE, i));
  return out;
}

function incidentOf(incidents: Incident[], dev: string): Incident {
  const found = incidents.filter((i) => i.entities.some((e) => e.kind === 'device' && e.id === dev));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('"Large Number of Model Alerts" through the analyst', () => {
  it('attaches the jump to the incident, raises its score, tells it in the narrative and exports it', () => {
    const breaches = history('10.1.4.23', 1, 10);
    const withSignal = incidentOf(incidentsOf(breaches), '10.1.4.23');
    const [signal] = withSignal.signals ?? [];
    expect(withSignal.signals).toHaveLength(1);
    // The eighth breach of the day crossed the bar: 8 >= 4 x the usual 1 a day.
    expect(signal).toMatchObject({
      name: LARGE_NUMBER_OF_MODEL_ALERTS,
      entity: device('10.1.4.23'),
      time: BURST_DAY + 10 * 3_600_000 + 7 * 7 * MINUTE,
      count: 8,
      typicalPerDay: 1,
      historyDays: 14,
      models: 3,
    });

    // The same breaches with the signal switched off score lower.
    const quiet = new Analyst({ alertRate: { historyDays: 14, minBreaches: 10_000, factor: 4 } });
    const without = incidentOf(incidentsOf(breaches, quiet), '10.1.4.23');
    expect(without.signals ?? []).toEqual([]);
    expect(without.breaches).toEqual(withSignal.breaches);
    expect(withSignal.score).toBeGreaterThan(without.score);

    expect(withSignal.summary).toContain(
      '2026-03-06 10:49 UTC 10.1.4.23: 8 breaches of 3 models in one day against a typical 1 a day over the previous 14 days [Unusual Activity / Large Number of Model Alerts].',
    );
    expect(without.summary).not.toContain(LARGE_NUMBER_OF_MODEL_ALERTS);

    const line = alertJson({ type: 'incident', incident: withSignal });
    expect(line.signals).toEqual([
      {
        name: LARGE_NUMBER_OF_MODEL_ALERTS,
        entity: { kind: 'device', id: '10.1.4.23' },
        time: '2026-03-06T10:49:00.000Z',
        count: 8,
        typicalPerDay: 1,
        historyDays: 14,
        models: 3,
      },
    ]);
    expect(alertJson({ type: 'incident', incident: without })).not.toHaveProperty('signals');
  });

  it('stays silent for a device whose breaches are always that many, after its first day', () => {
    const steady = incidentsOf(history('10.1.4.40', 8, 10)).filter((i) => i.entities.some((e) => e.id === '10.1.4.40'));
    const signals = steady.flatMap((i) => i.signals ?? []);
    // Its first day of 8 is a jump from nothing; no later day, the burst day included, is.
    expect(signals.map((s) => new Date(s.time).toISOString().slice(0, 10))).toEqual(['2026-02-20']);
    const burst = steady.find((i) => i.end >= BURST_DAY)!;
    expect(burst.summary).not.toMatch(/2026-03-06 .*Large Number of Model Alerts/);
  });
});

describe('"Large Number of Model Alerts" after a learning period, through the pipeline', () => {
  /** A stand-in model: one weak breach for every connection to port 4444. */
  const everyConnection = defineModel({
    meta: {
      name: 'Test::Connection to 4444',
      description: 'test',
      category: 'network',
      mitre: ['T1071'],
      severity: 30,
      reads: ['net.conn'],
      thresholds: {},
      falsePositives: [],
    },
    evaluate: (e) => (e.dstPort === 4444 ? [{ score: 30, entity: e.entity, summary: 'test', evidence: [] }] : []),
  });
  const conn = (dev: string, time: number, dstPort: number): Event => ({
    kind: 'net.conn',
    time,
    source: { input: 'test' },
    entity: { kind: 'device', id: dev },
    uid: `c${time}`,
    src: dev,
    srcPort: 50_000,
    dst: '198.51.100.7',
    dstPort,
    proto: 'tcp',
  });

  it('judges the first reported day against the breaches of the learning days', () => {
    const events: Event[] = [];
    const learnUntil = DAY0 + 14 * DAY;
    for (let d = 0; d <= 14; d++) {
      for (let i = 0; i < 10; i++) {
        const t = DAY0 + d * DAY + 9 * 3_600_000 + i * MINUTE;
        // 10.0.0.1 raises ten breaches every day, learning days included; 10.0.0.2 only on the judged day.
        events.push(conn('10.0.0.1', t, 4444), conn('10.0.0.2', t + 1, d === 14 ? 4444 : 443));
      }
    }
    const p = new Pipeline({
      models: [everyConnection as AnyModel],
      enrich: createEnricher(),
      baseline: DEFAULT_BASELINE_OPTIONS,
      reorderWindowMs: 60_000,
      learnUntil,
      keepEvents: false,
    });
    p.push(events);
    p.flush();
    const incidents = p.allIncidents();
    const signalsOf = (dev: string) =>
      incidents
        .filter((i) => i.entities.some((e) => e.id === dev))
        .flatMap((i) => i.signals ?? [])
        .filter((s) => s.name === LARGE_NUMBER_OF_MODEL_ALERTS);
    expect(p.counters.breaches).toBe(20);
    expect(signalsOf('10.0.0.1')).toEqual([]);
    expect(signalsOf('10.0.0.2')).toHaveLength(1);
  });
});
