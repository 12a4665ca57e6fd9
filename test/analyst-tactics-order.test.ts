import { describe, expect, it } from 'vitest';
import { Analyst } from '../src/analyst/analyst.js';
import { device, endpoint, makeBreach } from '../src/analyst/breachFixture.js';
import type { Incident } from '../src/analyst/incident.js';
import { alertJson } from '../src/export/alert.js';
import type { Breach } from '../src/models/breach.js';

const DEV = '10.1.4.23';
const C2 = '45.77.12.35';

/**
 * An intrusion whose exfiltration is seen before the beacon behind it: the upload model speaks on
 * the upload, the beacon model only once enough sessions have a rhythm.
 */
function intrusion(times: { stager: string; upload: string; beacon: string }): Breach[] {
  return [
    makeBreach({
      model: 'Anomalous Connection::Powershell to Rare External',
      time: times.stager,
      entity: device(DEV),
      score: 62,
      related: [endpoint(C2)],
      mitre: ['T1059.001'],
      summary: `${DEV} used PowerShell to reach ${C2}, which is rare on the network`,
    }),
    makeBreach({
      model: 'Unusual Activity::Unusual External Data to New Endpoint',
      time: times.upload,
      entity: device(DEV),
      score: 70,
      related: [endpoint(C2)],
      mitre: ['T1041'],
      summary: `${DEV} uploaded 1.2 GB to ${C2}`,
    }),
    makeBreach({
      model: 'Compromise::Beaconing Activity To External Rare',
      time: times.beacon,
      entity: device(DEV),
      score: 75,
      related: [endpoint(C2)],
      mitre: ['T1071.001'],
      summary: `${DEV} beacons to ${C2} every ~60 s`,
    }),
  ];
}

function incidentOf(breaches: readonly Breach[]): Incident {
  const analyst = new Analyst();
  let last: Incident | undefined;
  for (const b of breaches) last = analyst.onBreach(b)[0];
  expect(analyst.openIncidents()).toHaveLength(1);
  return last!;
}

describe('tactics reached in order', () => {
  const upload = '2026-03-12T10:05:00Z';
  const inTime = intrusion({ stager: '2026-03-12T09:30:00Z', upload, beacon: '2026-03-12T10:45:00Z' });

  it('keeps kill-chain order for progress and adds the order in time, each tactic with its first breach', () => {
    const inc = incidentOf(inTime);
    expect(inc.mitre.tactics).toEqual(['execution', 'command-and-control', 'exfiltration']);
    expect(inc.mitre.reached).toEqual([
      { tactic: 'execution', time: Date.parse('2026-03-12T09:30:00Z'), breach: inTime[0]!.id },
      { tactic: 'exfiltration', time: Date.parse(upload), breach: inTime[1]!.id },
      { tactic: 'command-and-control', time: Date.parse('2026-03-12T10:45:00Z'), breach: inTime[2]!.id },
    ]);
    expect(inc.summary.split('\n')[0]).toBe(
      'What happened: between 2026-03-12 09:30 UTC and 2026-03-12 10:45 UTC, 3 breaches of 3 models on device 10.1.4.23, reaching in turn Execution → Exfiltration → Command and Control (furthest along the kill chain: Exfiltration).',
    );
    expect((alertJson({ type: 'incident', incident: inc }).mitre as { reached: unknown[] }).reached).toEqual([
      { tactic: 'execution', time: '2026-03-12T09:30:00.000Z', breach: inTime[0]!.id },
      { tactic: 'exfiltration', time: '2026-03-12T10:05:00.000Z', breach: inTime[1]!.id },
      { tactic: 'command-and-control', time: '2026-03-12T10:45:00.000Z', breach: inTime[2]!.id },
    ]);
  });

  it('scores by how far the chain got, whatever the order the steps came in', () => {
    const chainOrder = intrusion({
      stager: '2026-03-12T09:30:00Z',
      upload: '2026-03-12T10:45:00Z',
      beacon: '2026-03-12T10:05:00Z',
    });
    const a = incidentOf(inTime);
    const b = incidentOf(chainOrder);
    expect(b.mitre.reached!.map((r) => r.tactic)).toEqual(['execution', 'command-and-control', 'exfiltration']);
    expect(b.summary).toContain('reaching in turn Execution → Command and Control → Exfiltration.');
    expect(b.summary).not.toContain('furthest along');
    expect(a.score).toBe(b.score);
  });

  it('moves a tactic earlier when a breach that reached it sooner arrives late', () => {
    const analyst = new Analyst();
    for (const b of inTime) analyst.onBreach(b);
    const late = makeBreach({
      model: 'Compromise::Possible SSL Command and Control',
      time: '2026-03-12T09:50:00Z',
      entity: device(DEV),
      score: 80,
      related: [endpoint(C2)],
      mitre: ['T1573'],
    });
    const [inc] = analyst.onBreach(late);
    expect(inc!.mitre.reached!.map((r) => [r.tactic, r.breach])).toEqual([
      ['execution', inTime[0]!.id],
      ['command-and-control', late.id],
      ['exfiltration', inTime[1]!.id],
    ]);
  });
});
