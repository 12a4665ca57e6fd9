import { unescapeZeek } from './escape.js';
import { type FieldReader, secondsToMillis } from './fieldReader.js';

/** Above this a numeric `ts` is already in milliseconds (Zeek's JSON::TS_MILLIS); 1e11 s is the year 5138. */
const MILLIS_THRESHOLD = 1e11;

/** A parsed Zeek JSON record (flat `id.orig_h` keys) read through a mapping's field names. */
export class JsonRow implements FieldReader {
  record: Record<string, unknown> = {};
  names: readonly string[] = [];

  private value(slot: number): unknown {
    return this.record[this.names[slot]!];
  }

  str(slot: number): string | undefined {
    const v = this.value(slot);
    if (typeof v === 'string') return v.indexOf('\\') < 0 ? v : unescapeZeek(v);
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.join(',');
    return String(v);
  }

  num(slot: number): number | undefined {
    const v = this.value(slot);
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && v.length > 0) {
      const n = Number(v);
      return Number.isNaN(n) ? undefined : n;
    }
    return undefined;
  }

  bool(slot: number): boolean | undefined {
    const v = this.value(slot);
    if (typeof v === 'boolean') return v;
    if (v === 'T' || v === 'true') return true;
    if (v === 'F' || v === 'false') return false;
    return undefined;
  }

  list(slot: number): string[] | undefined {
    const v = this.value(slot);
    if (Array.isArray(v)) {
      const out = new Array<string>(v.length);
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        out[i] = typeof item === 'string' ? unescapeZeek(item) : String(item);
      }
      return out;
    }
    if (typeof v === 'string') return [unescapeZeek(v)];
    return undefined;
  }

  time(slot: number): number {
    const v = this.value(slot);
    if (typeof v === 'number')
      return Number.isFinite(v) ? (v > MILLIS_THRESHOLD ? Math.round(v) : secondsToMillis(v)) : Number.NaN;
    if (typeof v !== 'string' || v.length === 0) return Number.NaN;
    const seconds = Number(v);
    if (!Number.isNaN(seconds)) return secondsToMillis(seconds);
    return Date.parse(v);
  }
}
