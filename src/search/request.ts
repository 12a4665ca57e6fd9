import type { Event } from '../events/event.js';

export interface SearchRequest {
  /** The query text (see parser.ts); blank or absent matches every event. */
  query?: string;
  /** Inclusive start and exclusive end of event time, ms since the epoch. */
  from?: number;
  to?: number;
  /** Any searchable field except lists; default: time, newest first. */
  sort?: { field: string; direction?: 'asc' | 'desc' };
  /** Page size (default 50, at most 10,000) and offset. */
  limit?: number;
  offset?: number;
}

export interface SearchResult {
  /** Every event that matches, not only this page. */
  total: number;
  events: Event[];
}

export interface TopValuesRequest {
  query?: string;
  field: string;
  from?: number;
  to?: number;
  limit: number;
}

export interface TopValue {
  value: string;
  count: number;
}

export type ExportFormat = 'csv' | 'json';

/** A search request that is wrong outside the query text (unknown sort field, list field to sort by). */
export class SearchRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchRequestError';
  }
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 10_000;
