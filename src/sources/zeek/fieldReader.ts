/**
 * One Zeek record seen through the fields a log mapping asked for. Slot `i` is the mapping's
 * `fields[i]`; TSV and JSON records implement it so that each log type is mapped once.
 */
export interface FieldReader {
  /** The value as text (escapes decoded); undefined when unset or absent, '' when empty. */
  str(slot: number): string | undefined;
  num(slot: number): number | undefined;
  bool(slot: number): boolean | undefined;
  /** A set or vector; [] when empty, undefined when unset or absent. */
  list(slot: number): string[] | undefined;
  /** A Zeek `time` as ms since the epoch; NaN when absent or unparsable. */
  time(slot: number): number;
}

/**
 * Epoch seconds (Zeek's microsecond float) to whole milliseconds, truncated like `Date.parse` truncates
 * an ISO 8601 time, so that the TSV and JSON forms of one record get the same time. The small
 * epsilon (half a microsecond, Zeek's resolution) absorbs binary rounding (1700000000.123 * 1000 = 1700000000122.9998).
 */
export function secondsToMillis(seconds: number): number {
  return Math.floor(seconds * 1000 + 5e-4);
}
