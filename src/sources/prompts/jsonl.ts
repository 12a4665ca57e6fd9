import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';
import { rejectedPromptText } from './privacy.js';
import { promptRecordToEvent } from './record.js';

const REJECT_TEXT_MAX = 200;

/** The prompt JSONL of DESIGN §3: one JSON object a line, `time`, `actor` and `prompt` required. */
export const promptJsonlDecoder: DecoderFactory = {
  format: 'prompt-jsonl',
  description:
    'AI prompts as JSON lines (time, actor, actor_type, app, model, session, prompt, response, tools, resources)',
  sniff(head: string): number {
    const first = firstNonEmptyLine(head);
    if (first === undefined || first[0] !== '{') return 0;
    try {
      const o = JSON.parse(first) as Record<string, unknown>;
      if (typeof o.prompt === 'string' && 'actor' in o && 'time' in o) return 0.9;
    } catch {
      return 0;
    }
    return 0;
  },
  open(input: string, sink: DecodeSink): InputDecoder {
    return {
      line(text: string, lineNo: number): void {
        if (text.trim() === '') return;
        let rec: unknown;
        try {
          rec = JSON.parse(text);
        } catch {
          sink.reject({
            input,
            line: lineNo,
            reason: 'not valid JSON',
            text: rejectedPromptText(text, REJECT_TEXT_MAX),
          });
          return;
        }
        const ev = promptRecordToEvent(rec, { input, line: lineNo });
        if (typeof ev === 'string')
          sink.reject({ input, line: lineNo, reason: ev, text: rejectedPromptText(text, REJECT_TEXT_MAX, rec) });
        else sink.event(ev);
      },
      end(): void {},
    };
  },
};

function firstNonEmptyLine(head: string): string | undefined {
  for (const l of head.split('\n')) {
    const t = l.trim();
    if (t !== '') return t;
  }
  return undefined;
}
