import { describe, expect, it } from 'vitest';
import type { Incident } from '../../analyst/incident.js';
import rule from './breachesOverTimeBlock.js';
import { ruleContext } from './testing.js';

function incident(score: number, breachesOnDevice: number, tactics: string[]): Incident {
  const entity = { kind: 'device' as const, id: '10.0.0.5' };
  return {
    id: 'i-1',
    title: '',
    score,
    start: 0,
    end: 5000,
    entities: [entity, { kind: 'endpoint', id: '185.1.1.1' }],
    breaches: [],
    mitre: { tactics, techniques: [] },
    summary: '',
    timeline: Array.from({ length: breachesOnDevice }, (_, i) => ({
      time: i,
      breachId: `b${i}`,
      model: 'M',
      entity,
      summary: '',
      score: 30,
    })),
    status: 'open',
  };
}

describe(rule.meta.name, () => {
  const ctx = ruleContext(rule);

  it('blocks the incident endpoints once breaches accumulate on a device', () => {
    expect(rule.onIncident!(incident(65, 3, ['execution']), ctx)).toEqual([
      expect.objectContaining({
        action: 'block_connections',
        scope: { endpoints: ['185.1.1.1'] },
        reason: ['i-1'],
        time: 5000,
      }),
    ]);
  });

  it('adds a quarantine when the incident is severe and reached command and control', () => {
    const kinds = rule.onIncident!(incident(95, 4, ['execution', 'command-and-control']), ctx).map((p) => p.action);
    expect(kinds).toEqual(['block_connections', 'quarantine_device']);
    expect(rule.meta.modeOf?.quarantine_device).toBe('human_confirmation');
  });

  it('waits while breaches are few or the score is low', () => {
    expect(rule.onIncident!(incident(95, 2, ['command-and-control']), ctx)).toEqual([]);
    expect(rule.onIncident!(incident(40, 6, ['command-and-control']), ctx)).toEqual([]);
  });
});
