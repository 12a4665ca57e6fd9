import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';
import { unescapeZeek } from './escape.js';
import { typeContradictions } from './fieldTypes.js';
import type { ZeekLogMapping } from './logMapping.js';
import { logNameFromFile, mappingForFields, mappingForPath } from './logTypes.js';
import { TsvRow } from './tsvRow.js';

const REJECT_TEXT = 200;

/**
 * Zeek's ASCII (TSV) log format: `#` header lines set the separators, the unset/empty markers, the
 * log path, the field names and their types; a new header may appear anywhere (rotated or
 * concatenated files). Each field read is checked against its declared `#types` entry: a section
 * whose header says a field is something other than what the mapping reads it as (a `time` that
 * is a `string`, a set where one string is expected) is not guessed at; its records are rejected,
 * each naming the `#types` line.
 */
class ZeekTsvDecoder implements InputDecoder {
  private readonly row = new TsvRow();
  private fields: string[] | undefined;
  private types: string[] | undefined;
  private typesLine = 0;
  /** Why the current section's records are rejected, when its `#types` contradict the mapping. */
  private sectionRejected: string | undefined;
  private path: string | undefined;
  private mapping: ZeekLogMapping | undefined;
  private skipLabel = '';
  private layoutStale = false;

  constructor(
    private readonly input: string,
    private readonly sink: DecodeSink,
  ) {}

  line(text: string, lineNo: number): void {
    if (text.length === 0) return;
    if (text.charCodeAt(0) === 35) {
      this.directive(text, lineNo);
      return;
    }
    if (this.layoutStale) this.resolveLayout();
    const fields = this.fields;
    if (fields === undefined) {
      this.reject(lineNo, 'Zeek TSV data line before any #fields header', text);
      return;
    }
    const mapping = this.mapping;
    if (mapping === undefined) {
      this.sink.skip(this.skipLabel);
      return;
    }
    if (this.sectionRejected !== undefined) {
      this.reject(lineNo, this.sectionRejected, text);
      return;
    }
    const row = this.row;
    const columns = row.split(text);
    if (columns !== fields.length) {
      this.reject(lineNo, `expected ${fields.length} columns, found ${columns}`, text);
      return;
    }
    const time = row.time(0);
    if (Number.isNaN(time)) {
      this.reject(lineNo, 'unparsable ts', text);
      return;
    }
    this.sink.event(mapping.build(row, time, { input: this.input, line: lineNo }));
  }

  end(): void {}

  private directive(text: string, lineNo: number): void {
    const row = this.row;
    if (text.startsWith('#separator ')) {
      row.separator = unescapeZeek(text.slice(11)) || '\t';
      row.setSeparator = ',';
      row.unsetField = '-';
      row.emptyField = '(empty)';
      this.path = undefined;
      this.fields = undefined;
      this.types = undefined;
      this.layoutStale = true;
      return;
    }
    const sep = row.separator;
    const cut = text.indexOf(sep);
    if (cut < 0) return;
    const value = text.slice(cut + sep.length);
    switch (text.slice(1, cut)) {
      case 'set_separator':
        row.setSeparator = unescapeZeek(value);
        break;
      case 'unset_field':
        row.unsetField = value;
        break;
      case 'empty_field':
        row.emptyField = value;
        break;
      case 'path':
        this.path = value;
        this.layoutStale = true;
        break;
      case 'fields':
        this.fields = value.split(sep);
        // Zeek writes #types after #fields: types left from an earlier header do not describe these fields.
        this.types = undefined;
        this.layoutStale = true;
        break;
      case 'types':
        this.types = value.split(sep);
        this.typesLine = lineNo;
        this.layoutStale = true;
        break;
      default:
        // #open, #close and comments carry nothing the decoder needs.
        break;
    }
  }

  private resolveLayout(): void {
    this.layoutStale = false;
    const fields = this.fields;
    if (fields === undefined) {
      this.mapping = undefined;
      return;
    }
    const names = new Set(fields);
    const mapping = this.path !== undefined ? mappingForPath(this.path) : mappingForFields((f) => names.has(f));
    this.mapping = mapping;
    this.skipLabel = `zeek:${this.path ?? logNameFromFile(this.input)}`;
    this.sectionRejected = undefined;
    if (mapping === undefined) return;
    if (this.types !== undefined) {
      const contradictions = typeContradictions(mapping, fields, this.types);
      if (contradictions.length > 0) {
        this.sectionRejected = `#types (line ${this.typesLine}) contradicts the ${mapping.path} decoder: ${contradictions.join('; ')}`;
        return;
      }
    }
    const columnOfSlot = new Int32Array(mapping.fields.length);
    for (let slot = 0; slot < mapping.fields.length; slot++) columnOfSlot[slot] = fields.indexOf(mapping.fields[slot]!);
    this.row.layout(fields.length, columnOfSlot);
  }

  private reject(line: number, reason: string, text: string): void {
    this.sink.reject({ input: this.input, line, reason, text: text.slice(0, REJECT_TEXT) });
  }
}

export const zeekTsvDecoder: DecoderFactory = {
  format: 'zeek-tsv',
  description: 'Zeek ASCII logs (tab-separated with #separator/#fields headers), any log type',
  sniff(head) {
    if (head.startsWith('#separator ')) return 1;
    if (head.startsWith('#fields') || head.indexOf('\n#fields') >= 0) return 0.9;
    return 0;
  },
  open: (input, sink) => new ZeekTsvDecoder(input, sink),
};
