import type { Incident } from '../analyst/incident.js';
import type { Breach } from '../models/breach.js';
import type { Action } from '../response/action.js';

const iso = (t: number) => new Date(t).toISOString();

/** The replay stdout line of a breach (DESIGN §5). */
export function breachLine(b: Breach): string {
  return JSON.stringify({
    type: 'breach',
    id: b.id,
    model: b.model,
    time: iso(b.time),
    score: b.score,
    entity: b.entity,
    related: b.related,
    mitre: b.mitre,
    summary: b.summary,
    evidence: b.evidence,
    ...(b.late ? { late: true } : {}),
  });
}

export function incidentLine(i: Incident): string {
  return JSON.stringify({
    type: 'incident',
    id: i.id,
    title: i.title,
    score: i.score,
    start: iso(i.start),
    end: iso(i.end),
    entities: i.entities,
    breaches: i.breaches,
    mitre: i.mitre,
    summary: i.summary,
  });
}

export function actionLine(a: Action): string {
  return JSON.stringify({
    type: 'action',
    id: a.id,
    action: a.action,
    target: a.target,
    mode: a.mode,
    reason: a.reason,
    start: iso(a.start),
    expires: iso(a.expires),
    status: a.status,
    rule: a.rule,
  });
}
