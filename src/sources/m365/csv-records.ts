/**
 * RFC 4180 CSV, fed line by line: a quoted field may hold commas, doubled quotes and line breaks,
 * so one record can span several input lines. `push` returns a record's fields once it is
 * complete, or undefined while a quoted field is still open.
 */
export class CsvRecordReader {
  private fields: string[] = [];
  private current = '';
  private inQuotes = false;
  private fieldStarted = false;

  /** True while a record has begun but not ended (a quoted field spans lines). */
  get pending(): boolean {
    return this.inQuotes;
  }

  push(line: string): string[] | undefined {
    const n = line.length;
    let i = 0;
    if (!this.inQuotes && this.fields.length === 0 && !this.fieldStarted && line.charCodeAt(0) === 0xfeff) i = 1;
    for (; i < n; i++) {
      const c = line.charCodeAt(i);
      if (this.inQuotes) {
        if (c === 0x22) {
          if (line.charCodeAt(i + 1) === 0x22) {
            this.current += '"';
            i++;
          } else {
            this.inQuotes = false;
          }
        } else {
          this.current += line[i];
        }
      } else if (c === 0x2c) {
        this.fields.push(this.current);
        this.current = '';
        this.fieldStarted = false;
      } else if (c === 0x22 && !this.fieldStarted) {
        this.inQuotes = true;
        this.fieldStarted = true;
      } else if (c === 0x0d && i === n - 1) {
        // a CRLF file read by a splitter that kept the CR
      } else {
        this.current += line[i];
        this.fieldStarted = true;
      }
    }
    if (this.inQuotes) {
      this.current += '\n';
      return undefined;
    }
    this.fields.push(this.current);
    const out = this.fields;
    this.fields = [];
    this.current = '';
    this.fieldStarted = false;
    return out;
  }
}
