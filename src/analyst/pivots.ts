import type { Event, EventKind } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { EventQuery } from '../store/store.js';
import type { Incident } from './incident.js';
import { modelDomain } from './narrative.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How far back each pivot looks and how many events it brings at most. */
export interface PivotOptions {
  /** The entity's own activity of the breach's kinds just before it. */
  contextMs: number;
  /** Sign-ins before an account change (OAuth grant, inbox rule, mail). */
  loginsBeforeMs: number;
  /** DNS before a network breach. */
  dnsBeforeMs: number;
  limit: number;
}

export const DEFAULT_PIVOTS: PivotOptions = { contextMs: HOUR, loginsBeforeMs: DAY, dnsBeforeMs: HOUR, limit: 200 };

function kindsOfDomain(model: string): EventKind[] {
  switch (modelDomain(model)) {
    case 'saas':
      return ['saas.login', 'saas.admin', 'saas.mailbox_rule', 'saas.mail'];
    case 'ai':
      return ['ai.prompt'];
    default:
      return ['net.conn', 'net.http', 'net.tls', 'net.dns'];
  }
}

/**
 * The stored events that explain a breach, as store queries: the entity's own activity just before
 * it; for account changes (OAuth grants, inbox rules, mail, risky prompts after a login) the user's
 * sign-ins in the day before; for network breaches the device's DNS look-ups before it.
 */
export function pivotQueries(breach: Breach, opts: PivotOptions = DEFAULT_PIVOTS): EventQuery[] {
  const entity = breach.entity.id;
  const to = breach.time + 1;
  const queries: EventQuery[] = [
    {
      entity,
      kinds: kindsOfDomain(breach.model),
      from: breach.time - opts.contextMs,
      to,
      limit: opts.limit,
      order: 'asc',
    },
  ];
  const domain = modelDomain(breach.model);
  if ((domain === 'saas' && !/Login Attempt/.test(breach.model)) || /Following Unusual Login/.test(breach.model)) {
    queries.push({
      entity,
      kinds: ['saas.login'],
      from: breach.time - opts.loginsBeforeMs,
      to,
      limit: opts.limit,
      order: 'asc',
    });
  }
  if (domain === 'network') {
    queries.push({
      entity,
      kinds: ['net.dns'],
      from: breach.time - opts.dnsBeforeMs,
      to,
      limit: opts.limit,
      order: 'asc',
    });
  }
  return queries;
}

/** The events one breach's pivot queries fetched. */
export interface PivotFetch {
  breach: string;
  events: readonly Event[];
}

/** An incident with the stored events that explain it, and which of them explain which breach. */
export interface IncidentView {
  incident: Incident;
  events: Event[];
  /** Breach id -> positions in `events` of the events fetched for it, in time order. */
  explains: Record<string, number[]>;
}

function eventKey(e: Event): string {
  return `${e.source.input}\u0000${e.source.line ?? e.source.cursor ?? ''}\u0000${e.kind}\u0000${e.time}`;
}

/**
 * Attach fetched pivot events to an incident: de-duplicated (by source) and in event-time order,
 * an event that explains several breaches listed once and pointed to by each.
 */
export function attachPivotEvents(incident: Incident, fetched: readonly PivotFetch[]): IncidentView {
  const byKey = new Map<string, Event>();
  for (const f of fetched) for (const e of f.events) if (!byKey.has(eventKey(e))) byKey.set(eventKey(e), e);
  const keyed = [...byKey].sort(([ka, a], [kb, b]) => a.time - b.time || ka.localeCompare(kb));
  const position = new Map(keyed.map(([k], i) => [k, i]));
  const explains: Record<string, number[]> = {};
  for (const f of fetched) {
    const own = new Set(explains[f.breach] ?? []);
    for (const e of f.events) own.add(position.get(eventKey(e))!);
    explains[f.breach] = [...own].sort((a, b) => a - b);
  }
  return { incident, events: keyed.map(([, e]) => e), explains };
}
