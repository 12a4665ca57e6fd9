import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';
import { rejectedPromptText } from '../prompts/privacy.js';
import { genAiEventsFromTraces } from './genai.js';
import type { OtlpTraceRequest } from './otlp-json.js';

const REJECT_TEXT_MAX = 200;

/**
 * OTLP/HTTP JSON trace exports carrying GenAI spans: one ExportTraceServiceRequest per line (the
 * collector's file exporter) or one pretty-printed request per file (decoded at the end).
 */
export const otlpGenAiDecoder: DecoderFactory = {
  format: 'otlp-genai-json',
  description: 'OpenTelemetry OTLP/HTTP JSON traces with GenAI semantic conventions (gen_ai.*)',
  sniff(head: string): number {
    const compact = head.slice(0, 4096);
    if (!/"resourceSpans"\s*:/.test(compact)) return 0;
    return /gen_ai\./.test(head) ? 0.9 : 0.6;
  },
  open(input: string, sink: DecodeSink): InputDecoder {
    const buffered: string[] = [];
    let bufferedFrom = 0;
    const emit = (req: OtlpTraceRequest, line: number | undefined): void => {
      const events = genAiEventsFromTraces(req, { input, line });
      if (events.length === 0) sink.skip('otlp:non-genai');
      for (const e of events) sink.event(e);
    };
    return {
      line(text: string, lineNo: number): void {
        if (buffered.length === 0) {
          const t = text.trim();
          if (t === '') return;
          if (t.startsWith('{') && t.endsWith('}')) {
            try {
              const req = JSON.parse(t) as OtlpTraceRequest;
              if (Array.isArray(req.resourceSpans)) emit(req, lineNo);
              else
                sink.reject({
                  input,
                  line: lineNo,
                  reason: 'no "resourceSpans" array',
                  text: rejectedPromptText(t, REJECT_TEXT_MAX),
                });
              return;
            } catch {
              // Not a complete object on one line: a pretty-printed document, read whole at the end.
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
          const req = JSON.parse(doc) as OtlpTraceRequest;
          if (Array.isArray(req.resourceSpans)) emit(req, bufferedFrom);
          else
            sink.reject({
              input,
              line: bufferedFrom,
              reason: 'no "resourceSpans" array',
              text: rejectedPromptText(doc, REJECT_TEXT_MAX),
            });
        } catch (err) {
          sink.reject({
            input,
            line: bufferedFrom,
            reason: `not valid JSON: ${(err as Error).message}`,
            text: rejectedPromptText(doc, REJECT_TEXT_MAX),
          });
        }
      },
    };
  },
};
