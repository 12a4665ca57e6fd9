import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';
import { CsvRecordReader } from './csv-records.js';
import { isObject, type Json } from './fields.js';
import { openJsonRecords } from './json-records.js';
import { microsoftRecordToEvent } from './microsoft-record.js';

/** Decode every JSON record of an input with the shape router; unusable records become rejects. */
export function openMicrosoftJson(input: string, sink: DecodeSink): InputDecoder {
  return openJsonRecords(input, sink, (rec, source) => {
    const e = microsoftRecordToEvent(rec, source);
    if (typeof e === 'string') sink.reject({ ...source, reason: e, text: JSON.stringify(rec).slice(0, 200) });
    else sink.event(e);
  });
}

function has(head: string, ...keys: string[]): boolean {
  for (const k of keys) if (head.includes(`"${k}"`)) return true;
  return false;
}

/** Microsoft 365 unified audit log records (Management Activity API, OfficeActivity, CloudAppEvents). */
export const m365UalJson: DecoderFactory = {
  format: 'm365-ual-json',
  description:
    'Microsoft 365 unified audit log records as a JSON array or JSON lines (Management Activity API, Log Analytics OfficeActivity, Defender CloudAppEvents)',
  sniff(head) {
    if (has(head, 'CreationTime', 'creationtime') && has(head, 'Operation', 'operation')) return 0.9;
    if (has(head, 'OfficeWorkload') && has(head, 'Operation')) return 0.85;
    if (has(head, 'ActionType') && has(head, 'Timestamp') && has(head, 'AccountUpn', 'RawEventData')) return 0.7;
    return 0;
  },
  open: openMicrosoftJson,
};

/** The Purview (compliance portal) audit search export: CSV whose `AuditData` column holds the UAL record. */
export const m365UalCsv: DecoderFactory = {
  format: 'm365-ual-csv',
  description: 'Microsoft Purview audit search CSV export (AuditData column holds the UAL record as JSON)',
  sniff(head) {
    const first = head.slice(0, head.indexOf('\n') >>> 0).toLowerCase();
    return first.includes('auditdata') && first.includes(',') ? 0.95 : 0;
  },
  open(input, sink) {
    const reader = new CsvRecordReader();
    let column = -1;
    let recordLine = 0;
    return {
      line(text, lineNo) {
        if (!reader.pending) recordLine = lineNo;
        const fields = reader.push(text);
        if (fields === undefined) return;
        if (column < 0) {
          column = fields.findIndex((f) => f.trim().toLowerCase() === 'auditdata');
          if (column < 0) sink.reject({ input, line: recordLine, reason: 'CSV header has no AuditData column', text });
          return;
        }
        if (fields.length === 1 && fields[0] === '') return;
        const source = { input, line: recordLine };
        const raw = fields[column];
        let rec: unknown;
        try {
          rec = raw === undefined ? undefined : JSON.parse(raw);
        } catch {
          rec = undefined;
        }
        if (!isObject(rec)) {
          sink.reject({ ...source, reason: 'AuditData is not a JSON object', text: (raw ?? '').slice(0, 200) });
          return;
        }
        const e = microsoftRecordToEvent(rec as Json, source);
        if (typeof e === 'string') sink.reject({ ...source, reason: e, text: (raw ?? '').slice(0, 200) });
        else sink.event(e);
      },
      end() {
        if (reader.pending) sink.reject({ input, line: recordLine, reason: 'unterminated quoted CSV field', text: '' });
      },
    };
  },
};
