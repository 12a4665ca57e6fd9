import type { DecoderFactory } from './decoder.js';
import { graphUsersDecoder } from './directory/graph-users.js';
import { messageTraceDecoder } from './directory/message-trace.js';
import { entraSignInJson, entraSigninLogsJson } from './entra/decoders.js';
import { m365UalCsv, m365UalJson } from './m365/decoders.js';
import { otlpGenAiDecoder } from './otel/decoder.js';
import { promptJsonlDecoder } from './prompts/jsonl.js';
import { zeekConnSummaryDecoder } from './zeek/connSummary.js';
import { zeekJsonDecoder } from './zeek/json.js';
import { zeekTsvDecoder } from './zeek/tsv.js';

/**
 * Every input format telltale reads. Auto-detection asks each for a sniff confidence.
 * Each source folder adds its factories here.
 */
export const DECODERS: DecoderFactory[] = [];

DECODERS.push(zeekTsvDecoder, zeekJsonDecoder, zeekConnSummaryDecoder);

DECODERS.push(promptJsonlDecoder, otlpGenAiDecoder, graphUsersDecoder, messageTraceDecoder);

DECODERS.push(m365UalJson, m365UalCsv, entraSignInJson, entraSigninLogsJson);

export function decoderByFormat(format: string): DecoderFactory | undefined {
  return DECODERS.find((d) => d.format === format);
}

/** The best decoder for an input's first lines, or undefined when none is confident. */
export function detectDecoder(head: string, path: string): DecoderFactory | undefined {
  let best: DecoderFactory | undefined;
  let bestScore = 0;
  for (const d of DECODERS) {
    const s = d.sniff(head, path);
    if (s > bestScore) {
      best = d;
      bestScore = s;
    }
  }
  return bestScore >= 0.5 ? best : undefined;
}
