import type { Incident } from '../src/analyst/incident.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';
import type { Action } from '../src/response/action.js';

const T0 = Date.UTC(2026, 2, 12, 9, 0, 0);

export const breach: Breach = {
  id: 'b-1',
  model: 'Compromise::Beaconing Activity To External Rare',
  time: T0,
  score: 81,
  entity: { kind: 'device', id: '10.0.0.5' },
  related: [{ kind: 'endpoint', id: 'rare.example.net' }],
  mitre: ['T1071.001'],
  summary: '10.0.0.5 beacons every 300 s to rare.example.net',
  evidence: [{ label: 'Devices that contacted it (30 days)', value: 1, baseline: '1 of 40 devices' }],
  sources: [{ input: 'conn.log', line: 7 }],
};

export const incident: Incident = {
  id: 'i-1',
  title: 'Beaconing from 10.0.0.5',
  score: 77,
  start: T0,
  end: T0 + 3600_000,
  entities: [{ kind: 'device', id: '10.0.0.5' }],
  breaches: ['b-1'],
  mitre: { tactics: ['command-and-control'], techniques: ['T1071.001'] },
  summary: 'A device started talking to a host no other device uses, on a steady rhythm.',
  timeline: [
    { time: T0, breachId: 'b-1', model: breach.model, entity: breach.entity, summary: breach.summary, score: 81 },
  ],
  status: 'open',
};

function action(id: string, status: Action['status']): Action {
  return {
    id,
    action: 'block_connections',
    target: { kind: 'device', id: '10.0.0.5' },
    scope: { endpoints: ['rare.example.net'] },
    mode: 'human_confirmation',
    reason: ['i-1'],
    rule: 'Response / Network / Significant Anomaly from Client Block',
    start: T0,
    expires: T0 + 3600_000,
    status,
    audit: [],
  };
}

export const actions: Action[] = [
  action('a-1', 'awaiting_confirmation'),
  action('a-2', 'active'),
  action('a-3', 'cleared'),
];

export const events: Event[] = Array.from({ length: 12 }, (_, i) => ({
  kind: 'net.conn' as const,
  time: T0 + i * 300_000,
  source: { input: 'conn.log', line: i + 1 },
  entity: { kind: 'device' as const, id: '10.0.0.5' },
  uid: `C${i}`,
  src: '10.0.0.5',
  srcPort: 50_000 + i,
  dst: '203.0.113.9',
  dstPort: 443,
  proto: 'tcp' as const,
  bytesOut: 400,
  direction: 'outbound' as const,
}));
