import type { SourceRef } from '../../events/event.js';
import type { DecodeSink, InputDecoder } from '../decoder.js';
import { isObject, type Json } from './fields.js';

/**
 * Feeds JSON records from one input to `onRecord`, whatever the framing: one object per line
 * (JSON lines), a single-line array, or a whole document spread over lines (a pretty-printed
 * array, a Graph page `{"value":[...]}`, a single object). Lines that parse alone are decoded at
 * once; the first that does not switches to buffering the rest of the document until `end`.
 */
export function openJsonRecords(
  input: string,
  sink: DecodeSink,
  onRecord: (rec: Json, source: SourceRef) => void,
): InputDecoder {
  let buffer: string[] | undefined;
  let bufferStart = 0;
  /** Once a line has parsed alone the input is JSON lines, and a bad line is rejected, not buffered. */
  let jsonLines = false;

  const emit = (value: unknown, line: number): void => {
    const list = Array.isArray(value)
      ? value
      : isObject(value) && Array.isArray(value.value)
        ? (value.value as unknown[])
        : undefined;
    if (list === undefined) {
      if (isObject(value)) onRecord(value, { input, line });
      else sink.reject({ input, line, reason: 'JSON value is not an object', text: String(value).slice(0, 200) });
      return;
    }
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (isObject(item)) onRecord(item, { input, line, cursor: String(i) });
      else
        sink.reject({ input, line, reason: `array element ${i} is not an object`, text: String(item).slice(0, 200) });
    }
  };

  return {
    line(text, lineNo) {
      if (buffer !== undefined) {
        buffer.push(text);
        return;
      }
      const t = text.trim();
      if (t === '') return;
      const first = t.charCodeAt(0);
      const last = t.charCodeAt(t.length - 1);
      if ((first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d)) {
        let value: unknown;
        try {
          value = JSON.parse(t);
        } catch {
          value = undefined;
        }
        if (value !== undefined) {
          jsonLines = true;
          emit(value, lineNo);
          return;
        }
        sink.reject({ input, line: lineNo, reason: 'malformed JSON line', text: t.slice(0, 200) });
        return;
      }
      if (jsonLines) {
        sink.reject({ input, line: lineNo, reason: 'malformed JSON line', text: t.slice(0, 200) });
        return;
      }
      buffer = [text];
      bufferStart = lineNo;
    },
    end() {
      if (buffer === undefined) return;
      const doc = buffer.join('\n');
      buffer = undefined;
      let value: unknown;
      try {
        value = JSON.parse(doc);
      } catch (err) {
        sink.reject({
          input,
          line: bufferStart,
          reason: `malformed JSON document: ${(err as Error).message}`,
          text: doc.slice(0, 200),
        });
        return;
      }
      emit(value, bufferStart);
    },
  };
}
