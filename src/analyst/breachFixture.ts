import { createHash } from 'node:crypto';
import type { EntityRef } from '../events/event.js';
import type { Breach, Evidence } from '../models/breach.js';

export interface BreachSpec {
  model: string;
  time: number | string;
  entity: EntityRef;
  score: number;
  related?: EntityRef[];
  mitre?: string[];
  summary?: string;
  evidence?: Evidence[];
}

/** A breach as the engine would emit it, for analyst and response tests (deterministic id). */
export function makeBreach(spec: BreachSpec): Breach {
  const time = typeof spec.time === 'string' ? Date.parse(spec.time) : spec.time;
  const id =
    'b-' +
    createHash('sha1').update(`${spec.model}|${spec.entity.kind}|${spec.entity.id}|${time}`).digest('hex').slice(0, 20);
  return {
    id,
    model: spec.model,
    time,
    score: spec.score,
    entity: spec.entity,
    related: spec.related ?? [],
    mitre: spec.mitre ?? [],
    summary: spec.summary ?? `${spec.model} on ${spec.entity.id}`,
    evidence: spec.evidence ?? [],
    sources: [{ input: 'test', line: 1 }],
  };
}

export const device = (id: string): EntityRef => ({ kind: 'device', id });
export const user = (id: string): EntityRef => ({ kind: 'user', id });
export const endpoint = (id: string): EntityRef => ({ kind: 'endpoint', id });
export const app = (id: string): EntityRef => ({ kind: 'app', id });
