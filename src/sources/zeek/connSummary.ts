import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';

/**
 * zeekctl's hourly connection summary (`conn-summary.*.log`, written by trace-summary) is a text
 * report that sits among the logs. It is recognised so that it is counted as a skipped Zeek file
 * rather than rejected as an unknown format.
 */
class ConnSummaryDecoder implements InputDecoder {
  constructor(private readonly sink: DecodeSink) {}

  line(): void {}

  end(): void {
    this.sink.skip('zeek:conn-summary');
  }
}

export const zeekConnSummaryDecoder: DecoderFactory = {
  format: 'zeek-conn-summary',
  description: "zeekctl's connection summary report (recognised and skipped)",
  sniff: (head) => (head.startsWith('>== Total === ') ? 0.9 : 0),
  open: (_input, sink) => new ConnSummaryDecoder(sink),
};
