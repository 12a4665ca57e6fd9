import { describe, expect, it } from 'vitest';
import type { Incident } from './incident.js';
import { incidentsInRange, toNavigatorLayer } from './navigator.js';

function incident(id: string, score: number, techniques: string[], start: number): Incident {
  return {
    id,
    title: `Incident ${id}`,
    score,
    start,
    end: start + 1000,
    entities: [],
    breaches: [],
    mitre: { tactics: [], techniques },
    summary: '',
    timeline: [],
    status: 'open',
  };
}

describe('ATT&CK Navigator layer', () => {
  it('puts each technique under each of its tactics with the highest incident score', () => {
    const layer = toNavigatorLayer([
      incident('i-1', 80, ['T1078.004', 'T1114.003', 'AML.T0051'], 0),
      incident('i-2', 60, ['T1114.003'], 5000),
    ]);
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.versions.layer).toBe('4.5');
    const cells = layer.techniques.map((t) => [t.techniqueID, t.tactic, t.score]);
    expect(cells).toEqual([
      ['T1078.004', 'defense-evasion', 80],
      ['T1078.004', 'initial-access', 80],
      ['T1078.004', 'persistence', 80],
      ['T1078.004', 'privilege-escalation', 80],
      ['T1114.003', 'collection', 80],
    ]);
    expect(layer.techniques.at(-1)!.comment).toBe('Incidents: i-1, i-2');
    expect(JSON.parse(JSON.stringify(layer))).toEqual(layer);
  });

  it('selects the incidents of a time range', () => {
    const all = [
      incident('a', 1, [], 0),
      incident('b', 1, [], 10_000),
      { ...incident('c', 1, [], 10_000), mergedInto: 'b' },
    ];
    expect(incidentsInRange(all, 5000, 20_000).map((i) => i.id)).toEqual(['b']);
    expect(toNavigatorLayer(incidentsInRange(all, 5000, 20_000)).name).toBe('Incident b');
  });
});
