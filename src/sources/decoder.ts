import type { Event } from '../events/event.js';
import type { Reject } from '../store/store.js';

/** Where a decoder sends what it makes of its input. */
export interface DecodeSink {
  event(e: Event): void;
  reject(r: Reject): void;
  /** A record of a known format that telltale does not use (e.g. Zeek weird.log): counted, not rejected. */
  skip(what: string): void;
}

/**
 * A stateful decoder for one input (one file, one API page stream). Line-oriented formats decode
 * each line as it comes; whole-document formats (a JSON array) may buffer and decode at `end`.
 */
export interface InputDecoder {
  /** `lineNo` is 1-based within the input. */
  line(text: string, lineNo: number): void;
  end(): void;
}

export interface DecoderFactory {
  /** Format name for `--format`, e.g. "zeek-tsv", "zeek-json", "m365-ual-json", "prompt-jsonl". */
  readonly format: string;
  readonly description: string;
  /**
   * Content sniffing: `head` is the first lines of the (decompressed) input, `path` its name.
   * Returns a confidence 0..1; the highest wins. Names alone never decide.
   */
  sniff(head: string, path: string): number;
  open(input: string, sink: DecodeSink): InputDecoder;
}
