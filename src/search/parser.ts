import type { MatchNode, PatternPart, QueryNode, RangeNode, TextNode } from './ast.js';
import { type SearchField, searchField } from './fields.js';

/** A malformed query; `position` is the 0-based character offset of the problem in the query text. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'QueryError';
  }
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const FIELD_CHAR = /[A-Za-z0-9_.]/;

/** A time value: an instant, or a whole UTC day when only the date was given. */
interface TimeValue {
  start: number;
  /** Exclusive end of the day for date-only values. */
  dayEnd?: number;
}

/**
 * Parses the search language into a typed AST:
 * `field:value`, `field:"a phrase"`, `field:(a OR b)`, wildcards `*` and `?`, `field:>n` / `>=` / `<` / `<=`,
 * `field:[a TO b]` (inclusive) and `field:{a TO b}` (exclusive) with `*` for an open side,
 * `AND`, `OR`, `NOT` (or a leading `-`), implicit AND between terms, parentheses, and bare words or
 * quoted phrases matched against the whole event. Returns undefined for a blank query (match all).
 */
export function parseQuery(text: string): QueryNode | undefined {
  const p = new Parser(text);
  p.skipSpace();
  if (p.atEnd()) return undefined;
  const node = p.parseOr();
  p.skipSpace();
  if (!p.atEnd()) {
    throw new QueryError(p.peek() === ')' ? "Unexpected ')'" : `Unexpected '${p.peek()}'`, p.pos);
  }
  return node;
}

class Parser {
  pos = 0;
  /** Inside `field:( … )`: every term is a value of this field. */
  private group: { name: string; field: SearchField } | undefined;

  constructor(private readonly s: string) {}

  atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  peek(): string {
    return this.s[this.pos] ?? '';
  }

  skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
  }

  /** True (and consumed) when the next word is exactly `kw` followed by a separator. */
  keyword(kw: string): boolean {
    if (!this.s.startsWith(kw, this.pos)) return false;
    const after = this.s[this.pos + kw.length];
    if (after !== undefined && !/[\s("]/.test(after)) return false;
    this.pos += kw.length;
    return true;
  }

  parseOr(): QueryNode {
    const start = this.pos;
    const children = [this.parseAnd()];
    for (;;) {
      this.skipSpace();
      if (!this.keyword('OR')) break;
      this.skipSpace();
      if (this.atEnd() || this.peek() === ')') throw new QueryError("Missing term after 'OR'", this.pos);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children, start, end: this.pos };
  }

  parseAnd(): QueryNode {
    const start = this.pos;
    const children = [this.parseUnary()];
    for (;;) {
      this.skipSpace();
      if (this.atEnd() || this.peek() === ')') break;
      const save = this.pos;
      if (this.keyword('OR')) {
        this.pos = save;
        break;
      }
      if (this.keyword('AND')) {
        this.skipSpace();
        if (this.atEnd() || this.peek() === ')') throw new QueryError("Missing term after 'AND'", this.pos);
      }
      children.push(this.parseUnary());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children, start, end: this.pos };
  }

  parseUnary(): QueryNode {
    this.skipSpace();
    const start = this.pos;
    let negated = this.keyword('NOT');
    if (!negated && this.peek() === '-') {
      this.pos++;
      negated = true;
    }
    if (negated) {
      this.skipSpace();
      if (this.atEnd() || this.peek() === ')') throw new QueryError('Missing term after NOT', this.pos);
      const child = this.parseUnary();
      return { type: 'not', child, start, end: this.pos };
    }
    return this.parsePrimary();
  }

  parsePrimary(): QueryNode {
    const start = this.pos;
    const c = this.peek();
    if (c === '(') {
      this.pos++;
      this.skipSpace();
      if (this.peek() === ')') throw new QueryError('Empty parentheses', start);
      const inner = this.parseOr();
      this.skipSpace();
      if (this.peek() !== ')') throw new QueryError("Missing ')' for the '(' opened", start);
      this.pos++;
      return inner;
    }
    if (c === ')') throw new QueryError("Unexpected ')'", start);
    if (this.group !== undefined) {
      if (this.s.startsWith('AND', start) && this.keyword('AND')) throw new QueryError("Unexpected 'AND'", start);
      if (this.s.startsWith('OR', start) && this.keyword('OR')) throw new QueryError("Unexpected 'OR'", start);
      return this.parseFieldValue(this.group.name, this.group.field, start);
    }
    if (c === '"') {
      const phrase = this.readPhrase();
      const node: TextNode = {
        type: 'text',
        parts: [{ kind: 'text', text: phrase }],
        phrase: true,
        start,
        end: this.pos,
      };
      return node;
    }
    if (this.s.startsWith('AND', start) && this.keyword('AND')) throw new QueryError("Unexpected 'AND'", start);
    if (this.s.startsWith('OR', start) && this.keyword('OR')) throw new QueryError("Unexpected 'OR'", start);
    let i = this.pos;
    while (i < this.s.length && FIELD_CHAR.test(this.s[i]!)) i++;
    if (i > this.pos && this.s[i] === ':') {
      const name = this.s.slice(this.pos, i);
      const field = searchField(name);
      if (!field) throw new QueryError(`Unknown field '${name}'`, start);
      this.pos = i + 1;
      return this.parseFieldValue(name, field, start);
    }
    const raw = this.readWord();
    const node: TextNode = { type: 'text', parts: toPattern(raw.text), phrase: false, start, end: this.pos };
    return node;
  }

  parseFieldValue(name: string, field: SearchField, start: number): QueryNode {
    const c = this.peek();
    const valuePos = this.pos;
    if (c === '[' || c === '{') return this.parseRange(name, field, start);
    if (c === '>' || c === '<') {
      const op = this.s[this.pos + 1] === '=' ? `${c}=` : c;
      this.pos += op.length;
      const boundPos = this.pos;
      const raw = this.readWord();
      if (raw.text === '') throw new QueryError(`Missing value after '${name}:${op}'`, boundPos);
      return this.comparison(name, field, op, raw.text, boundPos, start);
    }
    if (c === '"') {
      const phrase = this.readPhrase();
      return this.match(name, field, phrase, false, valuePos, start);
    }
    if (c === '(') return this.parseFieldGroup(name, field);
    const raw = this.readWord();
    if (raw.text === '') throw new QueryError(`Missing value after '${name}:'`, valuePos);
    return this.match(name, field, raw.text, raw.wild, valuePos, start);
  }

  /**
   * `field:(a OR b)`, `field:(a b)`, `field:(a OR NOT "c d")`: the terms inside are values of the
   * field (phrases, wildcards, ranges and comparisons as after `field:`), joined as anywhere else.
   */
  parseFieldGroup(name: string, field: SearchField): QueryNode {
    const open = this.pos;
    this.pos++;
    this.skipSpace();
    if (this.peek() === ')') throw new QueryError(`Empty value group after '${name}:'`, open);
    const outer = this.group;
    this.group = { name, field };
    const inner = this.parseOr();
    this.group = outer;
    this.skipSpace();
    if (this.peek() !== ')') throw new QueryError(`Missing ')' for the '(' opened after '${name}:'`, open);
    this.pos++;
    return inner;
  }

  match(name: string, field: SearchField, raw: string, wild: boolean, valuePos: number, start: number): MatchNode {
    const end = this.pos;
    const pattern = wild ? toPattern(raw) : undefined;
    const literal = pattern ? '' : unescapeWord(raw);
    switch (field.type) {
      case 'string':
      case 'list':
        return pattern
          ? { type: 'match', field: name, value: raw, pattern, start, end }
          : { type: 'match', field: name, value: literal, start, end };
      case 'number':
        if (wild) throw new QueryError(`Wildcards need a text field; '${name}' is a number`, valuePos);
        return { type: 'match', field: name, value: parseNumber(name, literal, valuePos), start, end };
      case 'boolean': {
        const v = literal.toLowerCase();
        if (v !== 'true' && v !== 'false') throw new QueryError(`Expected true or false for '${name}'`, valuePos);
        return { type: 'match', field: name, value: v === 'true', start, end };
      }
      case 'time': {
        if (wild) throw new QueryError(`Wildcards need a text field; '${name}' is a time`, valuePos);
        const t = parseTime(name, literal, valuePos);
        return t.dayEnd === undefined
          ? { type: 'match', field: name, value: t.start, start, end }
          : { type: 'match', field: name, value: t.start, until: t.dayEnd, start, end };
      }
    }
  }

  comparison(name: string, field: SearchField, op: string, raw: string, valuePos: number, start: number): RangeNode {
    const bound = this.bound(name, field, raw, valuePos);
    if (bound === undefined) throw new QueryError(`'*' is not a bound for '${op}'`, valuePos);
    const node: RangeNode = {
      type: 'range',
      field: name,
      lowerInclusive: true,
      upperInclusive: false,
      start,
      end: this.pos,
    };
    // A date-only time is the whole day: "after the day" starts at its end, "up to the day" includes it.
    if (op === '>') {
      node.lower = bound.dayEnd ?? bound.start;
      node.lowerInclusive = bound.dayEnd !== undefined;
    } else if (op === '>=') {
      node.lower = bound.start;
    } else if (op === '<') {
      node.upper = bound.start;
    } else {
      node.upper = bound.dayEnd ?? bound.start;
      node.upperInclusive = bound.dayEnd === undefined;
    }
    return node;
  }

  parseRange(name: string, field: SearchField, start: number): RangeNode {
    const open = this.peek();
    const close = open === '[' ? ']' : '}';
    const inclusive = open === '[';
    this.pos++;
    this.skipSpace();
    const lowerPos = this.pos;
    const lowerRaw = this.readBound(close);
    if (lowerRaw === '') throw new QueryError('Missing lower bound in range', lowerPos);
    this.skipSpace();
    const toPos = this.pos;
    if (!this.keyword('TO')) throw new QueryError("Expected 'TO' in range", toPos);
    this.skipSpace();
    const upperPos = this.pos;
    const upperRaw = this.readBound(close);
    if (upperRaw === '') throw new QueryError('Missing upper bound in range', upperPos);
    this.skipSpace();
    if (this.peek() !== close) throw new QueryError(`Expected '${close}' to close the range`, this.pos);
    this.pos++;
    const lower = this.bound(name, field, lowerRaw, lowerPos);
    const upper = this.bound(name, field, upperRaw, upperPos);
    const node: RangeNode = {
      type: 'range',
      field: name,
      lowerInclusive: inclusive,
      upperInclusive: inclusive,
      start,
      end: this.pos,
    };
    if (lower) {
      node.lower = !inclusive && lower.dayEnd !== undefined ? lower.dayEnd : lower.start;
      if (!inclusive && lower.dayEnd !== undefined) node.lowerInclusive = true;
    }
    if (upper) {
      if (inclusive && upper.dayEnd !== undefined) {
        node.upper = upper.dayEnd;
        node.upperInclusive = false;
      } else {
        node.upper = upper.start;
      }
    }
    if (node.lower !== undefined && node.upper !== undefined && node.lower > node.upper) {
      throw new QueryError('Range lower bound is above its upper bound', lowerPos);
    }
    return node;
  }

  /** A range or comparison bound; undefined for `*` (open side). */
  bound(name: string, field: SearchField, raw: string, pos: number): TimeValue | undefined {
    if (raw === '*') return undefined;
    if (field.type === 'number') return { start: parseNumber(name, raw, pos) };
    if (field.type === 'time') return parseTime(name, raw, pos);
    throw new QueryError(`Ranges need a number or time field; '${name}' is ${field.type}`, pos);
  }

  readBound(close: string): string {
    const from = this.pos;
    while (this.pos < this.s.length && !/\s/.test(this.s[this.pos]!) && this.s[this.pos] !== close) this.pos++;
    return this.s.slice(from, this.pos);
  }

  /** Reads an unquoted word; backslash escapes the next character. */
  readWord(): { text: string; wild: boolean } {
    const from = this.pos;
    let wild = false;
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos]!;
      if (ch === '\\') {
        if (this.pos + 1 >= this.s.length) throw new QueryError('Nothing to escape after backslash', this.pos);
        this.pos += 2;
        continue;
      }
      if (/\s/.test(ch) || ch === '(' || ch === ')' || ch === '"') break;
      if (ch === '*' || ch === '?') wild = true;
      this.pos++;
    }
    return { text: this.s.slice(from, this.pos), wild };
  }

  /** Reads a double-quoted phrase (backslash escapes a quote or backslash); no wildcards inside. */
  readPhrase(): string {
    const open = this.pos;
    this.pos++;
    let out = '';
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos]!;
      if (ch === '\\' && this.pos + 1 < this.s.length) {
        out += this.s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (ch === '"') {
        this.pos++;
        if (out === '') throw new QueryError('Empty phrase', open);
        return out;
      }
      out += ch;
      this.pos++;
    }
    throw new QueryError('Unterminated quote', open);
  }
}

function unescapeWord(raw: string): string {
  return raw.replace(/\\(.)/g, '$1');
}

/** Splits a word into literal text and wildcard parts, honouring backslash escapes. */
function toPattern(raw: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let text = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      text += raw[++i];
    } else if (ch === '*' || ch === '?') {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push(ch === '*' ? { kind: 'any' } : { kind: 'one' });
    } else {
      text += ch;
    }
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}

function parseNumber(name: string, raw: string, pos: number): number {
  if (!NUMBER.test(raw)) throw new QueryError(`Expected a number for '${name}', got '${raw}'`, pos);
  return Number(raw);
}

/** ISO date (a whole UTC day), ISO date-time (UTC unless it has an offset), or epoch milliseconds. */
function parseTime(name: string, raw: string, pos: number): TimeValue {
  const day = DATE_ONLY.exec(raw);
  if (day) {
    const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== raw) {
      throw new QueryError(`Invalid date '${raw}' for '${name}'`, pos);
    }
    return { start, dayEnd: start + DAY_MS };
  }
  if (DATE_TIME.test(raw)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(raw);
    const t = Date.parse(hasZone ? raw : `${raw}Z`);
    if (Number.isNaN(t)) throw new QueryError(`Invalid time '${raw}' for '${name}'`, pos);
    return { start: t };
  }
  if (/^\d+$/.test(raw)) return { start: Number(raw) };
  throw new QueryError(
    `Expected a time (2026-03-01, 2026-03-01T10:00:00Z or epoch ms) for '${name}', got '${raw}'`,
    pos,
  );
}
