import type { Incident } from '../analyst/incident.js';
import type { EntityRef } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { Action } from '../response/action.js';

/** What telltale exports: a breach, an incident or an action. */
export type Alert =
  | { type: 'breach'; breach: Breach }
  | { type: 'incident'; incident: Incident }
  | { type: 'action'; action: Action };

export function alertId(a: Alert): string {
  return a.type === 'breach' ? a.breach.id : a.type === 'incident' ? a.incident.id : a.action.id;
}

/** Event time of the alert: the breach time, the incident's latest activity, the action's last change. */
export function alertTime(a: Alert): number {
  if (a.type === 'breach') return a.breach.time;
  if (a.type === 'incident') return a.incident.end;
  return a.action.audit.at(-1)?.time ?? a.action.start;
}

/** 0-100: breach and incident scores; actions by mode (what a human must look at ranks highest). */
export function alertScore(a: Alert): number {
  if (a.type === 'breach') return a.breach.score;
  if (a.type === 'incident') return a.incident.score;
  if (a.action.status === 'failed') return 80;
  return a.action.mode === 'human_confirmation' ? 70 : a.action.mode === 'autonomous' ? 60 : 40;
}

export function alertName(a: Alert): string {
  if (a.type === 'breach') return a.breach.model;
  if (a.type === 'incident') return a.incident.title;
  return `${a.action.action} ${a.action.target.id} (${a.action.status})`;
}

export function alertText(a: Alert): string {
  if (a.type === 'breach') return a.breach.summary;
  // The narrative's opening line (when, how many breaches of which entities, tactics): the title is the name.
  if (a.type === 'incident') return a.incident.summary.split('\n', 1)[0] || a.incident.title;
  return a.action.audit.at(-1)?.reason ?? a.action.rule;
}

export function entityOf(a: Alert): EntityRef | undefined {
  if (a.type === 'breach') return a.breach.entity;
  if (a.type === 'incident') return a.incident.entities[0];
  return a.action.target;
}

const iso = (t: number) => new Date(t).toISOString();

/** The JSON of an alert in the replay/stdout contract shape (DESIGN §5), for webhooks. */
export function alertJson(a: Alert): Record<string, unknown> {
  if (a.type === 'breach') {
    const b = a.breach;
    return {
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
    };
  }
  if (a.type === 'incident') {
    const i = a.incident;
    return {
      type: 'incident',
      id: i.id,
      title: i.title,
      score: i.score,
      start: iso(i.start),
      end: iso(i.end),
      entities: i.entities,
      breaches: i.breaches,
      mitre: i.mitre.reached
        ? { ...i.mitre, reached: i.mitre.reached.map((r) => ({ ...r, time: iso(r.time) })) }
        : i.mitre,
      summary: i.summary,
      status: i.status,
      ...(i.mergedInto ? { mergedInto: i.mergedInto } : {}),
      // "Large Number of Model Alerts": entities whose breach rate jumped, with the numbers.
      ...(i.signals && i.signals.length > 0 ? { signals: i.signals.map((x) => ({ ...x, time: iso(x.time) })) } : {}),
    };
  }
  const x = a.action;
  return {
    type: 'action',
    id: x.id,
    action: x.action,
    target: x.target,
    ...(x.scope ? { scope: x.scope } : {}),
    mode: x.mode,
    reason: x.reason,
    rule: x.rule,
    start: iso(x.start),
    expires: iso(x.expires),
    status: x.status,
    // Why it failed, where a reader of the line looks first; the audit keeps it too.
    ...(x.status === 'failed' ? { error: x.audit.at(-1)?.reason ?? 'failed' } : {}),
    audit: x.audit.map((e) => ({ ...e, time: iso(e.time) })),
  };
}
