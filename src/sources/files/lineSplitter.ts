import { isUtf8 } from 'node:buffer';

const REJECT_TEXT = 200;

/** Where a splitter sends what it finds. Line numbers are 1-based, counted over the whole input. */
export interface LineHandler {
  line(text: string, lineNo: number): void;
  reject(lineNo: number, reason: string, text: string): void;
}

/**
 * Cuts a byte stream into text lines, whatever the chunk boundaries. A line that is not UTF-8 or
 * holds NUL bytes is rejected (binary junk); a line longer than `maxLineBytes` is rejected without
 * ever being held whole: past the limit only its first bytes are kept until its newline arrives.
 * A trailing `\r` is dropped. `consumed` counts the bytes of every line fully handled, so a reader
 * that resumes at `consumed` starts on a line boundary.
 */
export class LineSplitter {
  /** Lines handled so far (the number of the last line handed out). */
  lineNo: number;
  /** Bytes of complete lines handled so far. */
  consumed = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while discarding the rest of an over-long line. */
  private skipping = false;
  private skippedHead = '';

  constructor(
    private readonly handler: LineHandler,
    private readonly maxLineBytes: number,
    startLine = 0,
  ) {
    this.lineNo = startLine;
  }

  /** Bytes held for a line whose newline has not arrived yet. */
  get partialBytes(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.skipping || this.pendingBytes > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.hold(chunk);
        return;
      }
      this.hold(chunk.subarray(0, nl));
      this.finishHeldLine(true);
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      this.block(chunk, start, last + 1);
      start = last + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
  }

  /** The input ended: a last line without a newline is still a line. */
  end(): void {
    if (this.skipping || this.pendingBytes > 0) this.finishHeldLine(false);
  }

  /** The bytes of the unfinished last line, as text (for a truncated-input reject). */
  partialText(): string {
    if (this.skipping) return this.skippedHead;
    return Buffer.concat(this.pending).toString('utf8', 0, Math.min(this.pendingBytes, REJECT_TEXT * 4));
  }

  /** Forgets the unfinished last line (its bytes are not consumed). */
  dropPartial(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
    this.skippedHead = '';
  }

  private hold(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.skipping) {
      this.pendingBytes += bytes.length;
      return;
    }
    if (this.pendingBytes + bytes.length > this.maxLineBytes) {
      this.skippedHead = Buffer.concat([...this.pending, bytes.subarray(0, REJECT_TEXT * 4)]).toString('utf8');
      this.skippedHead = this.skippedHead.slice(0, REJECT_TEXT);
      this.pending = [];
      this.skipping = true;
      this.pendingBytes += bytes.length;
      return;
    }
    // Copied: a reader may reuse its buffer for the next read.
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
  }

  private finishHeldLine(hadNewline: boolean): void {
    const bytes = this.pendingBytes + (hadNewline ? 1 : 0);
    if (this.skipping) {
      this.lineNo++;
      this.handler.reject(this.lineNo, `line longer than ${this.maxLineBytes} bytes`, this.skippedHead);
    } else {
      const line = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
      this.oneLine(line, 0, line.length);
    }
    this.consumed += bytes;
    this.dropPartial();
  }

  /** `bytes[start, end)` is whole lines, each ending in a newline. */
  private block(bytes: Buffer, start: number, end: number): void {
    const region = bytes.subarray(start, end);
    if (isUtf8(region)) {
      const text = region.toString('utf8');
      if (text.indexOf('\0') < 0) {
        this.splitText(text);
        this.consumed += end - start;
        return;
      }
    }
    // Slow path, only for blocks holding binary junk: find the offending lines one by one.
    let from = start;
    while (from < end) {
      const nl = bytes.indexOf(10, from);
      const lineEnd = nl < 0 || nl >= end ? end : nl;
      this.oneLine(bytes, from, lineEnd);
      from = lineEnd + 1;
    }
    this.consumed += end - start;
  }

  private splitText(text: string): void {
    const max = this.maxLineBytes;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) return;
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.lineNo++;
      if (end - from > max) {
        this.handler.reject(this.lineNo, `line longer than ${max} bytes`, text.slice(from, from + REJECT_TEXT));
      } else {
        this.handler.line(text.slice(from, end), this.lineNo);
      }
      from = nl + 1;
    }
  }

  /** One line without its newline. */
  private oneLine(bytes: Buffer, start: number, end: number): void {
    this.lineNo++;
    if (end > start && bytes[end - 1] === 13) end--;
    const line = bytes.subarray(start, end);
    if (line.length > this.maxLineBytes) {
      this.handler.reject(
        this.lineNo,
        `line longer than ${this.maxLineBytes} bytes`,
        line.toString('utf8', 0, REJECT_TEXT * 4).slice(0, REJECT_TEXT),
      );
      return;
    }
    if (!isUtf8(line) || line.indexOf(0) >= 0) {
      this.handler.reject(
        this.lineNo,
        'binary or non-UTF-8 data',
        line.toString('latin1', 0, REJECT_TEXT).replace(/[\x00-\x08\x0e-\x1f\x7f-\xff]/g, '.'),
      );
      return;
    }
    this.handler.line(line.toString('utf8'), this.lineNo);
  }
}
