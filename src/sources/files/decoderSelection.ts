import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';
import { decoderByFormat, detectDecoder } from '../formats.js';
import type { LineHandler } from './lineSplitter.js';

/** Enough of an input's start to recognise its format. */
const HEAD_LINES = 32;
const HEAD_CHARS = 64 * 1024;
/** An input whose first lines are all junk is not worth reading to its end before giving up. */
const HEAD_REJECTS = 32;

type Held = { text: string; lineNo: number; reason?: string };

/**
 * Holds an input's first lines until its decoder is known (forced by name, or the most confident
 * sniff of those lines), then hands every line to that decoder. An input no decoder recognises
 * becomes a single reject.
 */
export class DecoderSelection implements LineHandler {
  private decoder: InputDecoder | undefined;
  private held: Held[] = [];
  private heldLines = 0;
  private heldChars = 0;
  private heldRejects = 0;
  /** Set when no decoder recognised the input: reading it further is pointless. */
  unrecognised = false;

  constructor(
    private readonly input: string,
    private readonly format: string | undefined,
    private readonly sink: DecodeSink,
  ) {}

  line(text: string, lineNo: number): void {
    if (this.decoder !== undefined) {
      this.decoder.line(text, lineNo);
      return;
    }
    if (this.unrecognised) return;
    this.held.push({ text, lineNo });
    if (text.length > 0) this.heldLines++;
    this.heldChars += text.length;
    if (this.heldLines >= HEAD_LINES || this.heldChars >= HEAD_CHARS) this.decide();
  }

  reject(lineNo: number, reason: string, text: string): void {
    if (this.decoder !== undefined) {
      this.sink.reject({ input: this.input, line: lineNo, reason, text });
      return;
    }
    if (this.unrecognised) return;
    this.held.push({ text, lineNo, reason });
    if (++this.heldRejects >= HEAD_REJECTS) this.decide();
  }

  /**
   * A live input has no more for now: decide on the lines seen so far, so that nothing stays held
   * behind a checkpoint. Junk before the first good line is rejected at once.
   */
  flush(): void {
    if (this.decoder !== undefined || this.unrecognised || this.held.length === 0) return;
    if (this.held.some((h) => h.reason === undefined && h.text.length > 0)) {
      this.decide();
      return;
    }
    for (const h of this.held) {
      if (h.reason !== undefined)
        this.sink.reject({ input: this.input, line: h.lineNo, reason: h.reason, text: h.text });
    }
    this.held = [];
    this.heldRejects = 0;
  }

  /** The input ended (or broke off): decide on what was seen, then let the decoder finish. */
  end(): void {
    if (this.decoder === undefined && !this.unrecognised && this.held.length > 0) this.decide();
    this.decoder?.end();
  }

  private decide(): void {
    let head = '';
    for (const h of this.held) if (h.reason === undefined && h.text.length > 0) head += `${h.text}\n`;
    const factory: DecoderFactory | undefined =
      this.format !== undefined
        ? decoderByFormat(this.format)
        : head.length > 0
          ? detectDecoder(head, this.input)
          : undefined;
    const held = this.held;
    this.held = [];
    if (factory === undefined) {
      this.unrecognised = true;
      const first = held[0]!;
      this.sink.reject({
        input: this.input,
        line: first.lineNo,
        reason:
          this.format !== undefined
            ? `unknown format "${this.format}"`
            : head.length > 0
              ? 'no decoder recognises this input'
              : (first.reason ?? 'no decoder recognises this input'),
        text: (head.length > 0 ? head : first.text).slice(0, 200),
      });
      return;
    }
    this.decoder = factory.open(this.input, this.sink);
    for (const h of held) {
      if (h.reason === undefined) this.decoder.line(h.text, h.lineNo);
      else this.sink.reject({ input: this.input, line: h.lineNo, reason: h.reason, text: h.text });
    }
  }
}
