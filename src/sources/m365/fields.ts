/**
 * Reading Microsoft audit records whatever casing the exporter chose: the Management Activity API
 * writes PascalCase (`CreationTime`), Graph and diagnostic settings camelCase (`createdDateTime`),
 * and some pipelines (Panther) lower-case every key. Lookups try the name as given, then
 * camelCase, then lower case.
 */

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** camelCase and lower-case spellings of each PascalCase name, computed once (decoding is a hot path). */
const SPELLINGS = new Map<string, readonly [string, string]>();

function spellings(name: string): readonly [string, string] {
  let v = SPELLINGS.get(name);
  if (v === undefined) {
    v = [name.charAt(0).toLowerCase() + name.slice(1), name.toLowerCase()];
    SPELLINGS.set(name, v);
  }
  return v;
}

/** A field by its PascalCase name, also found as camelCase or lower-case. */
export function field(o: Json, name: string): unknown {
  const v = o[name];
  if (v !== undefined) return v;
  const [camel, lower] = spellings(name);
  const c = o[camel];
  if (c !== undefined) return c;
  return o[lower];
}

/** First non-empty string among the named fields. */
export function str(o: Json, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = field(o, n);
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

export function num(o: Json, ...names: string[]): number | undefined {
  for (const n of names) {
    const v = field(o, n);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** Log Analytics stores nested records as JSON text; the APIs as objects. Accept both. */
export function nested(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

export function obj(o: Json, ...names: string[]): Json | undefined {
  for (const n of names) {
    const v = nested(field(o, n));
    if (isObject(v)) return v;
  }
  return undefined;
}

export function arr(o: Json, ...names: string[]): unknown[] | undefined {
  for (const n of names) {
    const v = nested(field(o, n));
    if (Array.isArray(v)) return v;
  }
  return undefined;
}

/** `[{Name, Value}]` lists (Parameters, ExtendedProperties, OperationProperties) as a map. */
export function nameValues(list: unknown[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  if (list === undefined) return m;
  for (const item of list) {
    if (!isObject(item)) continue;
    const name = str(item, 'Name', 'Key');
    if (name === undefined) continue;
    const v = field(item, 'Value');
    m.set(name, typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));
  }
  return m;
}

const ZONE = /(Z|[+-]\d\d:?\d\d)$/;
const FRACTION = /\.(\d{3})\d+/;

/**
 * Audit times come as ISO with up to 7 fractional digits, with a space instead of `T`, and often
 * without a zone (the APIs document them as UTC). Returns ms since the epoch, or NaN.
 */
export function parseTime(v: unknown): number {
  if (typeof v === 'number') return v > 1e12 ? v : v * 1000;
  if (typeof v !== 'string' || v === '') return Number.NaN;
  const us = US_TIME.exec(v);
  if (us) {
    const h = (Number(us[4]) % 12) + (us[7]!.toUpperCase() === 'PM' ? 12 : 0);
    return Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), h, Number(us[5]), Number(us[6]));
  }
  let s = v.trim().replace(' ', 'T').replace(FRACTION, '.$1');
  if (!ZONE.test(s)) s += 'Z';
  return Date.parse(s);
}

/** Intune and some portal exports write "4/11/2025 6:21:02 PM" (UTC). */
const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d\d):(\d\d) (AM|PM)$/i;

const PORT_V4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/;
const BRACKETED = /^\[([^\]]+)\](?::\d+)?$/;

/** Client IPs as recorded: "1.2.3.4:5678", "[::1]:443" and "[::1]" become bare addresses. */
export function cleanIp(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (s === '' || s === '<null>' || s === 'null') return undefined;
  const b = BRACKETED.exec(s);
  if (b) return b[1];
  const p = PORT_V4.exec(s);
  if (p) return p[1];
  return s;
}
