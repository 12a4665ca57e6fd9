import type { DecoderFactory } from './decoder.js';

/**
 * Every input format telltale reads. Auto-detection asks each for a sniff confidence.
 * Each source folder adds its factories here.
 */
export const DECODERS: DecoderFactory[] = [];

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
