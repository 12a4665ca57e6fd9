import type { OrgMessageEvent } from '../../events/event.js';
import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';
import { splitCsvRow } from './csv-row.js';
import { jsonRecordsDecoder } from './json-records.js';

const REJECT_TEXT_MAX = 200;

/**
 * Exchange Online message trace: who wrote to whom, when. Reads
 * - `Get-MessageTrace` / `Get-MessageTraceV2` output as CSV (Received, SenderAddress,
 *   RecipientAddress, Subject, Status, MessageId, ...) or as JSON (ConvertTo-Json);
 * - the Graph `exchangeMessageTrace` shape (receivedDateTime, senderAddress, recipientAddress);
 * - historical search CSV (origin_timestamp_utc, sender_address, recipient_status
 *   "addr##status;addr##status", message_subject).
 * One record per recipient row; times without a zone are UTC, as Exchange reports them.
 */
export const messageTraceDecoder: DecoderFactory = {
  format: 'exchange-message-trace',
  description:
    'Exchange Online message trace (Get-MessageTrace CSV/JSON, Graph exchangeMessageTrace, historical search CSV)',
  sniff(head: string): number {
    const h = head.slice(0, 4096);
    if (/"?SenderAddress"?\s*[,:]/i.test(h) && /"?RecipientAddress"?\s*[,:]/i.test(h)) return 0.9;
    if (/origin_timestamp_utc/.test(h) && /sender_address/.test(h)) return 0.9;
    return 0;
  },
  open(input: string, sink: DecodeSink): InputDecoder {
    const onRecord = (rec: Record<string, unknown>, line: number, raw: string): void => {
      const ev = messageTraceToEvent(rec, input, line);
      if (typeof ev === 'string') sink.reject({ input, line, reason: ev, text: raw.slice(0, REJECT_TEXT_MAX) });
      else sink.event(ev);
    };
    let json: InputDecoder | undefined;
    let header: string[] | undefined;
    return {
      line(text: string, lineNo: number): void {
        if (json !== undefined) {
          json.line(text, lineNo);
          return;
        }
        const t = text.trim();
        if (t === '' || (header === undefined && t.startsWith('#TYPE'))) return;
        if (header === undefined) {
          if (t.startsWith('{') || t.startsWith('[')) {
            json = jsonRecordsDecoder(input, sink, (rec, line) => onRecord(rec, line, JSON.stringify(rec)));
            json.line(text, lineNo);
            return;
          }
          header = splitCsvRow(t.replace(/^\uFEFF/, ''));
          return;
        }
        const cells = splitCsvRow(text);
        const rec: Record<string, unknown> = {};
        for (let i = 0; i < header.length; i++) rec[header[i]!] = cells[i];
        onRecord(rec, lineNo, text);
      },
      end(): void {
        json?.end();
      },
    };
  },
};

export function messageTraceToEvent(
  rec: Record<string, unknown>,
  input: string,
  line: number,
): OrgMessageEvent | string {
  const timeText = pick(rec, 'Received', 'receivedDateTime', 'origin_timestamp_utc', 'date_time_utc');
  const time = traceTime(timeText);
  if (time === undefined) return 'missing or unparseable time (Received / receivedDateTime / origin_timestamp_utc)';
  const from = pick(rec, 'SenderAddress', 'senderAddress', 'sender_address')?.toLowerCase();
  if (from === undefined) return 'missing sender (SenderAddress)';
  const to = recipients(rec);
  if (to.length === 0) return 'missing recipient (RecipientAddress / recipient_status)';
  const ev: OrgMessageEvent = {
    kind: 'org.message',
    time,
    source: { input, line },
    entity: { kind: 'user', id: from },
    from,
    to,
  };
  const subject = pick(rec, 'Subject', 'subject', 'message_subject');
  if (subject !== undefined) ev.subject = subject;
  const id = pick(rec, 'MessageTraceId', 'MessageId', 'messageId', 'id', 'message_id');
  if (id !== undefined) ev.source.cursor = id;
  return ev;
}

function recipients(rec: Record<string, unknown>): string[] {
  const direct = pick(rec, 'RecipientAddress', 'recipientAddress', 'recipient_address');
  if (direct !== undefined)
    return direct
      .split(/[;,]/)
      .map(normaliseAddress)
      .filter((a) => a !== '');
  const status = pick(rec, 'recipient_status');
  if (status === undefined) return [];
  return status
    .split(';')
    .map((s) => normaliseAddress(s.split('##')[0] ?? ''))
    .filter((a) => a !== '');
}

function normaliseAddress(a: string): string {
  return a.trim().toLowerCase();
}

function pick(rec: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = rec[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return undefined;
}

const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i;
const MS_JSON_DATE = /^\/Date\((-?\d+)\)\/$/;

/** ISO-8601 (UTC when zoneless), PowerShell's `/Date(ms)/`, or the en-US "M/D/YYYY h:mm:ss AM" of Export-Csv. */
export function traceTime(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = MS_JSON_DATE.exec(v);
  if (ms) return Number(ms[1]);
  const us = US_TIME.exec(v);
  if (us) {
    let hour = Number(us[4]);
    const ampm = us[7]?.toUpperCase();
    if (ampm === 'PM' && hour < 12) hour += 12;
    if (ampm === 'AM' && hour === 12) hour = 0;
    return Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2]), hour, Number(us[5]), Number(us[6] ?? 0));
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}
