import type { Dialect } from '../store/dialect.js';
import type { MatchNode, PatternPart, QueryNode, RangeNode, TextNode } from './ast.js';
import { type SearchField, searchField } from './fields.js';
import { parseQuery } from './parser.js';
import { DEFAULT_LIMIT, MAX_LIMIT, type SearchRequest, SearchRequestError, type TopValuesRequest } from './request.js';

/** SQL text with `?` placeholders and the values bound to them, in order. Values never enter the text. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** The SQL for one search page and for its total count. */
export interface CompiledSearch {
  page: SqlFragment;
  count: SqlFragment;
}

/** Compiles a query AST to a WHERE condition over the `events` table. */
export function compileQuery(node: QueryNode, dialect: Dialect): SqlFragment {
  const params: unknown[] = [];
  const sql = new Compiler(dialect, params).node(node);
  return { sql, params };
}

/** The condition of a request: its query and time range; `TRUE` when neither is given. */
export function compileWhere(req: { query?: string; from?: number; to?: number }, dialect: Dialect): SqlFragment {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (req.from !== undefined) {
    parts.push('time >= ?');
    params.push(req.from);
  }
  if (req.to !== undefined) {
    parts.push('time < ?');
    params.push(req.to);
  }
  const ast = req.query ? parseQuery(req.query) : undefined;
  if (ast) {
    const q = compileQuery(ast, dialect);
    parts.push(`(${q.sql})`);
    params.push(...q.params);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}

export function compileSearch(req: SearchRequest, dialect: Dialect): CompiledSearch {
  const where = compileWhere(req, dialect);
  const limit = clampLimit(req.limit);
  const offset = Math.max(0, Math.floor(req.offset ?? 0));
  return {
    page: {
      sql: `SELECT json FROM events WHERE ${where.sql} ORDER BY ${orderBy(req, dialect)} LIMIT ? OFFSET ?`,
      params: [...where.params, limit, offset],
    },
    count: { sql: `SELECT COUNT(*) AS n FROM events WHERE ${where.sql}`, params: where.params },
  };
}

/** Like compileSearch but without paging: every matching event in order, for export. */
export function compileExport(req: SearchRequest, dialect: Dialect): SqlFragment {
  const where = compileWhere(req, dialect);
  return { sql: `SELECT json FROM events WHERE ${where.sql} ORDER BY ${orderBy(req, dialect)}`, params: where.params };
}

/** Sort by the requested field (default: newest first), ties broken by insertion order. */
function orderBy(req: SearchRequest, dialect: Dialect): string {
  const sortName = req.sort?.field ?? 'time';
  const sortField = searchField(sortName);
  if (!sortField) throw new SearchRequestError(`Unknown sort field '${sortName}'`);
  if (sortField.type === 'list') throw new SearchRequestError(`Cannot sort by the list field '${sortName}'`);
  const dir = (req.sort?.direction ?? (req.sort ? 'asc' : 'desc')) === 'asc' ? 'ASC' : 'DESC';
  const tie = dialect === 'sqlite' ? 'id' : 'rowid';
  return `${valueExpr(sortField, dialect)} ${dir} NULLS LAST, ${tie} ${dir}`;
}

/** The most frequent values of a field among matching events (list fields count each element). */
export function compileTopValues(req: TopValuesRequest, dialect: Dialect): SqlFragment {
  const field = searchField(req.field);
  if (!field) throw new SearchRequestError(`Unknown field '${req.field}'`);
  const where = compileWhere(req, dialect);
  const limit = clampLimit(req.limit);
  const text = dialect === 'sqlite' ? 'TEXT' : 'VARCHAR';
  let sql: string;
  if (field.type === 'list') {
    sql =
      dialect === 'sqlite'
        ? `SELECT CAST(j.value AS TEXT) AS value, COUNT(*) AS count FROM events, json_each(events.json, '${field.path}') j WHERE ${where.sql} GROUP BY 1 ORDER BY count DESC, value LIMIT ?`
        : `SELECT v AS value, COUNT(*) AS count FROM (SELECT unnest(json_extract_string(json, '${field.path}[*]')) AS v FROM events WHERE ${where.sql}) GROUP BY v ORDER BY count DESC, value LIMIT ?`;
  } else {
    const expr =
      field.type === 'boolean' && dialect === 'sqlite'
        ? `CASE ${valueExpr(field, dialect)} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`
        : valueExpr(field, dialect);
    sql = `SELECT CAST(${expr} AS ${text}) AS value, COUNT(*) AS count FROM events WHERE ${where.sql} AND ${expr} IS NOT NULL GROUP BY 1 ORDER BY count DESC, value LIMIT ?`;
  }
  return { sql, params: [...where.params, limit] };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** The SQL expression for a scalar field: its hot column, or the value read from the event JSON. */
function valueExpr(field: SearchField, dialect: Dialect): string {
  if (field.column) return field.column;
  if (dialect === 'sqlite') return `json_extract(json, '${field.path}')`;
  if (field.type === 'number' || field.type === 'time') {
    return `TRY_CAST(json_extract_string(json, '${field.path}') AS DOUBLE)`;
  }
  return `json_extract_string(json, '${field.path}')`;
}

class Compiler {
  constructor(
    private readonly dialect: Dialect,
    private readonly params: unknown[],
  ) {}

  node(n: QueryNode): string {
    switch (n.type) {
      case 'and':
        return n.children.map((c) => `(${this.node(c)})`).join(' AND ');
      case 'or':
        return n.children.map((c) => `(${this.node(c)})`).join(' OR ');
      case 'not':
        // A missing field (NULL) does not match, so NOT of it must: treat unknown as false first.
        return `NOT COALESCE((${this.node(n.child)}), FALSE)`;
      case 'text':
        return this.text(n);
      case 'match':
        return this.match(n);
      case 'range':
        return this.range(n);
    }
  }

  bind(v: unknown): string {
    this.params.push(v);
    return '?';
  }

  /**
   * Bare words and phrases: a case-insensitive substring of the stored event JSON. DuckDB runs a
   * case-insensitive RE2 search several times faster than its ILIKE with an escape character.
   */
  text(n: TextNode): string {
    const parts = n.parts.map((p) => (p.kind === 'text' ? { kind: 'text' as const, text: jsonEscaped(p.text) } : p));
    if (this.dialect === 'sqlite') return `json LIKE ${this.bind(`%${likePattern(parts)}%`)} ESCAPE '\\'`;
    return `regexp_matches(json, ${this.bind(`(?i)${regexPattern(parts)}`)})`;
  }

  match(n: MatchNode): string {
    const field = searchField(n.field)!;
    if (field.type === 'list') return this.listMatch(field, n);
    const expr = valueExpr(field, this.dialect);
    if (n.pattern) return this.patternMatch(expr, n.pattern, field.foldCase);
    if (field.type === 'boolean') return `${expr} = ${this.bind(this.booleanParam(field, n.value as boolean))}`;
    if (n.until !== undefined) return `${expr} >= ${this.bind(n.value)} AND ${expr} < ${this.bind(n.until)}`;
    if (field.foldCase && typeof n.value === 'string') return `lower(${expr}) = ${this.bind(n.value.toLowerCase())}`;
    if (!field.column && typeof n.value === 'string') {
      // Parsing every event's JSON is the slow part; the value's JSON text must occur in it first.
      return `${this.contains(JSON.stringify(n.value))} AND ${expr} = ${this.bind(n.value)}`;
    }
    return `${expr} = ${this.bind(n.value)}`;
  }

  /** Case-sensitive substring of the stored event JSON. */
  contains(text: string): string {
    if (this.dialect === 'sqlite') return `instr(json, ${this.bind(text)}) > 0`;
    return `contains(json, ${this.bind(text)})`;
  }

  booleanParam(field: SearchField, v: boolean): unknown {
    if (this.dialect === 'sqlite') return v ? 1 : 0;
    return field.column ? v : String(v);
  }

  patternMatch(expr: string, pattern: PatternPart[], foldCase = false): string {
    const subject = foldCase ? `lower(${expr})` : expr;
    const parts = foldCase
      ? pattern.map((p) => (p.kind === 'text' ? { ...p, text: p.text.toLowerCase() } : p))
      : pattern;
    if (this.dialect === 'sqlite') return `${subject} GLOB ${this.bind(globPattern(parts))}`;
    return `${subject} LIKE ${this.bind(likePattern(parts))} ESCAPE '\\'`;
  }

  listMatch(field: SearchField, n: MatchNode): string {
    const folded = field.foldCase && typeof n.value === 'string';
    const cond = n.pattern
      ? this.patternMatch('v', n.pattern, field.foldCase)
      : folded
        ? `lower(v) = ${this.bind((n.value as string).toLowerCase())}`
        : `v = ${this.bind(n.value)}`;
    if (this.dialect === 'sqlite') {
      return `EXISTS (SELECT 1 FROM (SELECT value AS v FROM json_each(events.json, '${field.path}')) WHERE ${cond})`;
    }
    return `EXISTS (SELECT 1 FROM (SELECT unnest(json_extract_string(events.json, '${field.path}[*]')) AS v) WHERE ${cond})`;
  }

  range(n: RangeNode): string {
    const expr = valueExpr(searchField(n.field)!, this.dialect);
    const parts: string[] = [];
    if (n.lower !== undefined) parts.push(`${expr} ${n.lowerInclusive ? '>=' : '>'} ${this.bind(n.lower)}`);
    if (n.upper !== undefined) parts.push(`${expr} ${n.upperInclusive ? '<=' : '<'} ${this.bind(n.upper)}`);
    return parts.length ? parts.join(' AND ') : `${expr} IS NOT NULL`;
  }
}

/** The form text takes inside a JSON string, so that quotes and backslashes in a search term match. */
function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** LIKE pattern with `\` as the escape character. */
function likePattern(parts: PatternPart[]): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'any') out += '%';
    else if (p.kind === 'one') out += '_';
    else out += p.text.replace(/[\\%_]/g, '\\$&');
  }
  return out;
}

/** RE2 pattern: literal text escaped, `*` as any run, `?` as one character. */
function regexPattern(parts: PatternPart[]): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'any') out += '.*';
    else if (p.kind === 'one') out += '.';
    else out += p.text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  }
  return out;
}

/** SQLite GLOB pattern (case-sensitive like the exact match); special characters go in brackets. */
function globPattern(parts: PatternPart[]): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'any') out += '*';
    else if (p.kind === 'one') out += '?';
    else out += p.text.replace(/[*?[]/g, '[$&]');
  }
  return out;
}
