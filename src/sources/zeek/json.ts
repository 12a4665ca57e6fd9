import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';
import { JsonRow } from './jsonRow.js';
import { logNameFromFile, mappingForFields, mappingForPath } from './logTypes.js';

const REJECT_TEXT = 200;

/** Record fields that Zeek's JSON writer may nest (`{"id":{"orig_h":...}}`) instead of flattening. */
const NESTABLE = ['id', 'certificate', 'san', 'basic_constraints'] as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNested(record: Record<string, unknown>): boolean {
  for (const key of NESTABLE) if (isPlainObject(record[key])) return true;
  return false;
}

function flatten(
  record: Record<string, unknown>,
  prefix: string,
  out: Record<string, unknown>,
): Record<string, unknown> {
  for (const key in record) {
    const v = record[key];
    if (isPlainObject(v)) flatten(v, `${prefix}${key}.`, out);
    else out[prefix + key] = v;
  }
  return out;
}

/** Zeek JSON logs: one object per line, `_path` naming the log when several share a stream. */
class ZeekJsonDecoder implements InputDecoder {
  private readonly row = new JsonRow();
  private readonly fileLabel: string;

  constructor(
    private readonly input: string,
    private readonly sink: DecodeSink,
  ) {
    this.fileLabel = `zeek:${logNameFromFile(input)}`;
  }

  /** Whether the record being decoded has a field: for recognising logs without `_path`. */
  private readonly has = (field: string) => this.row.record[field] !== undefined;

  line(text: string, lineNo: number): void {
    // Blank lines are tolerated; trimming is only paid for lines that do not open an object.
    if (text.length === 0 || (text.charCodeAt(0) !== 123 && text.trim().length === 0)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.reject(lineNo, 'invalid JSON', text);
      return;
    }
    if (!isPlainObject(parsed)) {
      this.reject(lineNo, 'JSON line is not an object', text);
      return;
    }
    const record = isNested(parsed) ? flatten(parsed, '', {}) : parsed;
    const row = this.row;
    row.record = record;
    const path = typeof record._path === 'string' ? record._path : undefined;
    const mapping = path !== undefined ? mappingForPath(path) : mappingForFields(this.has);
    if (mapping === undefined) {
      this.sink.skip(path !== undefined ? `zeek:${path}` : this.fileLabel);
      return;
    }
    row.names = mapping.fields;
    const time = row.time(0);
    if (Number.isNaN(time)) {
      this.reject(lineNo, 'unparsable ts', text);
      return;
    }
    this.sink.event(mapping.build(row, time, { input: this.input, line: lineNo }));
  }

  end(): void {}

  private reject(line: number, reason: string, text: string): void {
    this.sink.reject({ input: this.input, line, reason, text: text.slice(0, REJECT_TEXT) });
  }
}

/** Keys that only Zeek records carry together with `ts`. */
const ZEEK_KEYS = ['uid', 'id.orig_h', 'id', 'fuid', 'certificate.subject', 'certificate', 'fingerprint'] as const;

function looksLikeZeekLogName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^[a-z0-9_-]+[.](.+[.])?(log|json)([.].*)?$/i.test(base);
}

export const zeekJsonDecoder: DecoderFactory = {
  format: 'zeek-json',
  description: 'Zeek JSON logs (one object per line; flat "id.orig_h" or nested "id" keys; ts as epoch or ISO 8601)',
  sniff(head, path) {
    let first = head;
    const nl = head.indexOf('\n');
    if (nl >= 0) first = head.slice(0, nl);
    first = first.trim();
    if (!first.startsWith('{')) return 0;
    let record: unknown;
    try {
      record = JSON.parse(first);
    } catch {
      return 0;
    }
    if (!isPlainObject(record)) return 0;
    if (typeof record._path === 'string') return 0.95;
    if ('ts' in record) {
      for (const key of ZEEK_KEYS) if (key in record) return 0.9;
      return 0.6;
    }
    // Zeek logs without a timestamp (loaded_scripts) are still Zeek when the file is named like one.
    return looksLikeZeekLogName(path) ? 0.5 : 0;
  },
  open: (input, sink) => new ZeekJsonDecoder(input, sink),
};
