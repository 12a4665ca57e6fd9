import { unescapeZeek } from './escape.js';
import { type FieldReader, secondsToMillis } from './fieldReader.js';

/**
 * A Zeek TSV data line split in place: only column boundaries are recorded, and only the columns a
 * mapping reads are ever cut out of the line.
 */
export class TsvRow implements FieldReader {
  separator = '\t';
  setSeparator = ',';
  unsetField = '-';
  emptyField = '(empty)';
  /** Slot -> column index, -1 when the log has no such field. */
  columnOfSlot: Int32Array = new Int32Array(0);
  private line = '';
  /**
   * Whether the line holds a backslash at all, hence any `\xNN` escape: most lines hold none, and
   * one scan of the line spares a scan of every string field read from it.
   */
  private escaped = false;
  private starts: Int32Array = new Int32Array(0);
  private ends: Int32Array = new Int32Array(0);

  /** Prepares for lines of `columns` columns whose slots sit in `columnOfSlot`. */
  layout(columns: number, columnOfSlot: Int32Array): void {
    this.starts = new Int32Array(columns);
    this.ends = new Int32Array(columns);
    this.columnOfSlot = columnOfSlot;
  }

  /** Splits `line`; returns its column count (boundaries beyond the expected count are not kept). */
  split(line: string): number {
    this.line = line;
    this.escaped = line.indexOf('\\') >= 0;
    const sep = this.separator;
    const sepLength = sep.length;
    const max = this.starts.length;
    let n = 0;
    let start = 0;
    for (;;) {
      const end = line.indexOf(sep, start);
      if (n < max) {
        this.starts[n] = start;
        this.ends[n] = end < 0 ? line.length : end;
      }
      n++;
      if (end < 0) return n;
      start = end + sepLength;
    }
  }

  private raw(slot: number): string | undefined {
    const c = this.columnOfSlot[slot]!;
    if (c < 0) return undefined;
    const value = this.line.slice(this.starts[c], this.ends[c]);
    return value === this.unsetField || value.length === 0 ? undefined : value;
  }

  /** The column of `slot` when it holds a value (not absent, unset or empty): numbers and bools are read in place. */
  private valueColumn(slot: number): number {
    const c = this.columnOfSlot[slot]!;
    if (c < 0) return -1;
    const start = this.starts[c]!;
    const length = this.ends[c]! - start;
    if (length === 0) return -1;
    const line = this.line;
    if (length === this.unsetField.length && line.startsWith(this.unsetField, start)) return -1;
    if (length === this.emptyField.length && line.startsWith(this.emptyField, start)) return -1;
    return c;
  }

  str(slot: number): string | undefined {
    const value = this.raw(slot);
    if (value === undefined) return undefined;
    if (value === this.emptyField) return '';
    return this.escaped ? unescapeZeek(value) : value;
  }

  num(slot: number): number | undefined {
    const c = this.valueColumn(slot);
    if (c < 0) return undefined;
    const line = this.line;
    const start = this.starts[c]!;
    const end = this.ends[c]!;
    // Counts and ports are plain digits: read them without cutting a string out of the line.
    if (end - start < 16) {
      let n = 0;
      let i = start;
      for (; i < end; i++) {
        const d = line.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (i === end) return n;
    }
    const n = Number(line.slice(start, end));
    return Number.isNaN(n) ? undefined : n;
  }

  bool(slot: number): boolean | undefined {
    const c = this.valueColumn(slot);
    if (c < 0 || this.ends[c]! - this.starts[c]! !== 1) return undefined;
    const ch = this.line.charCodeAt(this.starts[c]!);
    return ch === 84 ? true : ch === 70 ? false : undefined;
  }

  list(slot: number): string[] | undefined {
    const value = this.raw(slot);
    if (value === undefined) return undefined;
    if (value === this.emptyField) return [];
    const items = value.split(this.setSeparator);
    if (this.escaped) for (let i = 0; i < items.length; i++) items[i] = unescapeZeek(items[i]!);
    return items;
  }

  /**
   * Zeek writes times as seconds with up to six decimals: read whole seconds and microseconds as
   * integers, exact where a float product would need rounding; anything else goes through Number.
   */
  time(slot: number): number {
    const c = this.valueColumn(slot);
    if (c < 0) return Number.NaN;
    const line = this.line;
    const start = this.starts[c]!;
    const end = this.ends[c]!;
    let seconds = 0;
    let i = start;
    for (; i < end && i - start < 12; i++) {
      const d = line.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      seconds = seconds * 10 + d;
    }
    if (i > start && (i === end || line.charCodeAt(i) === 46)) {
      let micros = 0;
      let digits = 0;
      let j = i + 1;
      for (; j < end && digits < 6; j++, digits++) {
        const d = line.charCodeAt(j) - 48;
        if (d < 0 || d > 9) break;
        micros = micros * 10 + d;
      }
      if (j === end) {
        for (; digits < 6; digits++) micros *= 10;
        return seconds * 1000 + Math.floor(micros / 1000);
      }
    }
    const value = Number(line.slice(start, end));
    return Number.isFinite(value) ? secondsToMillis(value) : Number.NaN;
  }
}
