import type { Incident } from '../analyst/incident.js';
import type { Action } from '../response/action.js';
import type { BreachQuery, EventQuery } from './store.js';

/** A WHERE condition with `?` placeholders, its values, and the page to read. */
export interface Filter {
  where: string;
  params: unknown[];
  limit: number;
  offset: number;
}

const DEFAULT_PAGE = 100;

function page(limit: number | undefined, offset: number | undefined): { limit: number; offset: number } {
  return { limit: Math.max(0, Math.floor(limit ?? DEFAULT_PAGE)), offset: Math.max(0, Math.floor(offset ?? 0)) };
}

function finish(parts: string[], params: unknown[], limit?: number, offset?: number): Filter {
  return { where: parts.length ? parts.join(' AND ') : '1 = 1', params, ...page(limit, offset) };
}

function placeholders(n: number): string {
  return new Array(n).fill('?').join(', ');
}

/** `tie` is the column that keeps insertion order among events of the same millisecond. */
export function eventsFilter(q: EventQuery, tie: string): Filter & { order: string } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.kinds?.length) {
    parts.push(`kind IN (${placeholders(q.kinds.length)})`);
    params.push(...q.kinds);
  }
  if (q.from !== undefined) {
    parts.push('time >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    parts.push('time < ?');
    params.push(q.to);
  }
  if (q.entity !== undefined) {
    parts.push('entity = ?');
    params.push(q.entity);
  }
  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  return { ...finish(parts, params, q.limit, q.offset), order: `time ${dir}, ${tie} ${dir}` };
}

export function breachesFilter(q: BreachQuery): Filter {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.from !== undefined) {
    parts.push('time >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    parts.push('time < ?');
    params.push(q.to);
  }
  if (q.model !== undefined) {
    parts.push('model = ?');
    params.push(q.model);
  }
  if (q.entity !== undefined) {
    parts.push('entity = ?');
    params.push(q.entity);
  }
  if (q.minScore !== undefined) {
    parts.push('score >= ?');
    params.push(q.minScore);
  }
  return finish(parts, params, q.limit, q.offset);
}

/** Incidents that overlap [from, to). */
export function incidentsFilter(q: {
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
  status?: Incident['status'];
}): Filter {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.from !== undefined) {
    parts.push('end_time >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    parts.push('start_time < ?');
    params.push(q.to);
  }
  if (q.status !== undefined) {
    parts.push('status = ?');
    params.push(q.status);
  }
  return finish(parts, params, q.limit, q.offset);
}

export function actionsFilter(q: { status?: Action['status'][]; limit?: number; offset?: number }): Filter {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.status?.length) {
    parts.push(`status IN (${placeholders(q.status.length)})`);
    params.push(...q.status);
  }
  return finish(parts, params, q.limit, q.offset);
}
