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

  str(slot: number): string | undefined {
    const value = this.raw(slot);
    if (value === undefined) return undefined;
    return value === this.emptyField ? '' : unescapeZeek(value);
  }

  num(slot: number): number | undefined {
    const value = this.raw(slot);
    if (value === undefined || value === this.emptyField) return undefined;
    const n = Number(value);
    return Number.isNaN(n) ? undefined : n;
  }

  bool(slot: number): boolean | undefined {
    const value = this.raw(slot);
    return value === 'T' ? true : value === 'F' ? false : undefined;
  }

  list(slot: number): string[] | undefined {
    const value = this.raw(slot);
    if (value === undefined) return undefined;
    if (value === this.emptyField) return [];
    const items = value.split(this.setSeparator);
    for (let i = 0; i < items.length; i++) items[i] = unescapeZeek(items[i]!);
    return items;
  }

  time(slot: number): number {
    const value = this.raw(slot);
    if (value === undefined) return Number.NaN;
    const seconds = Number(value);
    return Number.isFinite(seconds) ? secondsToMillis(seconds) : Number.NaN;
  }
}
