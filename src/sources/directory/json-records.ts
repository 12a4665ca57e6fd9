import type { DecodeSink, InputDecoder } from '../decoder.js';

const REJECT_TEXT_MAX = 200;

/**
 * Reads JSON records in the shapes exports come in: JSON lines (one object a line), a JSON array,
 * or a Graph page `{"value":[...]}`, pretty-printed or not. Whole documents are buffered and
 * decoded at the end; records then carry the document's first line number.
 */
export function jsonRecordsDecoder(
  input: string,
  sink: DecodeSink,
  onRecord: (rec: Record<string, unknown>, line: number) => void,
): InputDecoder {
  const buffered: string[] = [];
  let bufferedFrom = 0;
  const each = (v: unknown, line: number): void => {
    if (Array.isArray(v)) {
      for (const x of v) each(x, line);
      return;
    }
    if (v === null || typeof v !== 'object') {
      sink.reject({ input, line, reason: 'not a JSON object', text: String(v).slice(0, REJECT_TEXT_MAX) });
      return;
    }
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.value)) each(o.value, line);
    else onRecord(o, line);
  };
  return {
    line(text: string, lineNo: number): void {
      if (buffered.length === 0) {
        const t = text.trim();
        if (t === '') return;
        if (t.startsWith('{') && t.endsWith('}')) {
          try {
            each(JSON.parse(t), lineNo);
            return;
          } catch {
            // The first line of a pretty-printed document: read it whole at the end.
          }
        }
        bufferedFrom = lineNo;
      }
      buffered.push(text);
    },
    end(): void {
      if (buffered.length === 0) return;
      const doc = buffered.join('\n');
      try {
        each(JSON.parse(doc), bufferedFrom);
      } catch (err) {
        sink.reject({
          input,
          line: bufferedFrom,
          reason: `not valid JSON: ${(err as Error).message}`,
          text: doc.slice(0, REJECT_TEXT_MAX),
        });
      }
    },
  };
}
