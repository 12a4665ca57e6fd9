/** A Zeek scalar type as `#types` names it, for the fields telltale reads. */
export type ZeekScalarType = 'time' | 'interval' | 'count' | 'port' | 'addr' | 'string' | 'enum' | 'bool';

/** The type a log mapping expects of a field: a scalar, or a set or vector of one. */
export type ZeekType = ZeekScalarType | `set[${ZeekScalarType}]` | `vector[${ZeekScalarType}]`;

/**
 * Declared types written the way a reader of the expected type parses them: an `interval` or a
 * `double` is decimal seconds, a `port` is digits like a `count`, an `enum` is text like a `string`.
 * A `time` is only a `time`: nothing else is epoch seconds, and reading another type as one would
 * make up an event time.
 */
const WRITTEN_ALIKE: Record<ZeekScalarType, readonly string[]> = {
  time: ['time'],
  interval: ['interval', 'double'],
  count: ['count', 'int'],
  port: ['port', 'count'],
  addr: ['addr'],
  string: ['string', 'enum'],
  enum: ['enum', 'string'],
  bool: ['bool'],
};

/**
 * Whether a field declared `declared` can be read as `expected`. Sets and vectors are written
 * alike (items joined by `#set_separator`), so either container fits either, as long as the items fit.
 */
export function declaredTypeFits(expected: ZeekType, declared: string): boolean {
  const open = expected.indexOf('[');
  if (open < 0) return WRITTEN_ALIKE[expected as ZeekScalarType].includes(declared);
  const declaredOpen = declared.indexOf('[');
  if (declaredOpen < 0 || !declared.endsWith(']')) return false;
  const container = declared.slice(0, declaredOpen);
  if (container !== 'set' && container !== 'vector') return false;
  const item = expected.slice(open + 1, -1) as ZeekScalarType;
  return WRITTEN_ALIKE[item].includes(declared.slice(declaredOpen + 1, -1));
}

/**
 * Where a `#fields` / `#types` header contradicts what a mapping reads: one phrase per field read
 * whose declared type does not fit ("orig_bytes declared string, read as count"), or the count
 * mismatch when the header lists a different number of types than fields. Empty when they agree.
 */
export function typeContradictions(
  expected: { fields: readonly string[]; types: readonly ZeekType[] },
  fields: readonly string[],
  types: readonly string[],
): string[] {
  if (types.length !== fields.length) return [`${types.length} types for ${fields.length} fields`];
  const out: string[] = [];
  for (let slot = 0; slot < expected.fields.length; slot++) {
    const name = expected.fields[slot]!;
    const column = fields.indexOf(name);
    if (column < 0) continue;
    const declared = types[column]!;
    const want = expected.types[slot]!;
    if (!declaredTypeFits(want, declared)) out.push(`${name} declared ${declared}, read as ${want}`);
  }
  return out;
}
