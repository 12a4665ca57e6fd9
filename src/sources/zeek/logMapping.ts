import type { Event, SourceRef } from '../../events/event.js';
import type { FieldReader } from './fieldReader.js';
import type { ZeekType } from './fieldTypes.js';

/** How one Zeek log type becomes canonical events. */
export interface ZeekLogMapping {
  /** Zeek's `#path` / `_path`, e.g. "conn". */
  readonly path: string;
  /** The Zeek fields read, in slot order: slot 0 is always `ts`. */
  readonly fields: readonly string[];
  /** The Zeek type each field is read as, by slot; a TSV section whose `#types` contradict them is rejected. */
  readonly types: readonly ZeekType[];
  /** True when a record with these field names (JSON keys or `#fields`) is of this log type. */
  matches(has: (field: string) => boolean): boolean;
  /**
   * Builds the event; `time` is slot 0, already checked. The literal also declares, as undefined and
   * in the order they are filled, the fields enrichment and the reorder window add later: every
   * event of a kind then keeps one object shape in V8, so each of the many reads the models make
   * stays a fast, few-shaped property access instead of adding a shape per combination of
   * enrichment results (about a tenth of the pipeline's time). JSON leaves undefined fields out.
   */
  build(r: FieldReader, time: number, source: SourceRef): Event;
}

/**
 * A mapping's fields, each named beside its Zeek type, in slot order (the order written):
 * `zeekFields({ ts: 'time', uid: 'string' })` gives fields ['ts', 'uid'] and types ['time', 'string'].
 */
export function zeekFields(spec: Record<string, ZeekType>): { fields: string[]; types: ZeekType[] } {
  return { fields: Object.keys(spec), types: Object.values(spec) };
}

export function protoOf(value: string | undefined): 'tcp' | 'udp' | 'icmp' | 'unknown' {
  return value === 'tcp' || value === 'udp' || value === 'icmp' ? value : 'unknown';
}

/** Zeek marks a certificate as self-signed in `validation_status` ("self signed certificate", "... in certificate chain"). */
export function saysSelfSigned(validationStatus: string | undefined): boolean {
  return validationStatus !== undefined && validationStatus.indexOf('self signed') >= 0;
}
