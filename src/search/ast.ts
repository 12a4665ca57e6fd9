/** Where a node sits in the query text: [start, end) character offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A piece of a value: literal text, `*` (any run of characters) or `?` (one character). */
export type PatternPart = { kind: 'text'; text: string } | { kind: 'any' } | { kind: 'one' };

/** A bare word or a quoted phrase matched against the whole event text. */
export interface TextNode extends Span {
  type: 'text';
  parts: PatternPart[];
  phrase: boolean;
}

/** `field:value`, `field:"phrase"` or `field:pat*tern`. The value is already of the field's type. */
export interface MatchNode extends Span {
  type: 'match';
  field: string;
  value: string | number | boolean;
  /** Set when the value has wildcards (string and list fields only). */
  pattern?: PatternPart[];
  /** For a date-only time value: the end of that day (exclusive), so `time:2026-03-01` means the whole day. */
  until?: number;
}

/** `field:>v`, `field:>=v`, `field:<v`, `field:<=v`, `field:[a TO b]`, `field:{a TO b}`; `*` leaves a side open. */
export interface RangeNode extends Span {
  type: 'range';
  field: string;
  lower?: number;
  lowerInclusive: boolean;
  upper?: number;
  upperInclusive: boolean;
}

export interface AndNode extends Span {
  type: 'and';
  children: QueryNode[];
}

export interface OrNode extends Span {
  type: 'or';
  children: QueryNode[];
}

export interface NotNode extends Span {
  type: 'not';
  child: QueryNode;
}

export type QueryNode = TextNode | MatchNode | RangeNode | AndNode | OrNode | NotNode;
