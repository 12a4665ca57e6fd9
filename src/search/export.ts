import type { Event } from '../events/event.js';
import type { ExportFormat } from './request.js';

/** CSV columns: the fields an analyst sorts a spreadsheet by, then the whole event as JSON. */
export const CSV_COLUMNS = ['time', 'kind', 'entity', 'src', 'srcPort', 'dst', 'dstPort', 'user', 'event'] as const;

/**
 * Turns batches of matching events into text chunks: CSV (RFC 4180, header row, ISO times) or a
 * JSON array. One chunk per batch, so memory stays bounded however many events match.
 */
export async function* exportChunks(
  batches: AsyncIterable<readonly Event[]>,
  format: ExportFormat,
): AsyncIterable<string> {
  let first = true;
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  else yield '[';
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    let chunk = '';
    for (const e of batch) {
      if (format === 'csv') {
        chunk += `${csvRow(e)}\r\n`;
      } else {
        chunk += `${first ? '\n' : ',\n'}${JSON.stringify(e)}`;
      }
      first = false;
    }
    yield chunk;
  }
  if (format === 'json') yield first ? ']\n' : '\n]\n';
}

function csvRow(e: Event): string {
  const a = e as unknown as Record<string, unknown>;
  const cells = [
    new Date(e.time).toISOString(),
    e.kind,
    e.entity.id,
    a.src,
    a.srcPort,
    a.dst,
    a.dstPort,
    a.user ?? a.actor ?? a.from,
    JSON.stringify(e),
  ];
  return cells.map(csvCell).join(',');
}

/**
 * Text a spreadsheet would run as a formula (= + - @, or a tab or carriage return before one). Event
 * fields are written by whoever sends the traffic or the mail, so an attacker chooses them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Text that a spreadsheet would take for a formula gets a leading apostrophe (OWASP's
 * advice), so it shows as the text it was; numbers are written as they are.
 */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s = String(v);
  if (typeof v !== 'number' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
