import { describe, expect, it } from 'vitest';
import type { NetConnEvent, NetX509Event } from '../../events/event.js';
import { zeekJsonDecoder } from './json.js';
import { collectingSink, feed } from './testSink.js';

function decode(text: string, input = 'conn.log') {
  const sink = collectingSink();
  feed(zeekJsonDecoder.open(input, sink), text);
  return sink;
}

describe('zeek-json decoder', () => {
  it('reads flat keys with an epoch ts', () => {
    const line =
      '{"ts":1700000000.5,"uid":"C1","id.orig_h":"10.0.0.5","id.orig_p":5,"id.resp_h":"1.1.1.1","id.resp_p":53,"proto":"udp","conn_state":"SF","local_orig":true}';
    const e = decode(line).events[0] as NetConnEvent;
    expect(e).toMatchObject({
      kind: 'net.conn',
      time: 1700000000500,
      src: '10.0.0.5',
      dstPort: 53,
      proto: 'udp',
      localOrig: true,
    });
  });

  it('reads nested id records and ISO 8601 or millisecond timestamps', () => {
    const text = [
      '{"_path":"conn","ts":"2018-03-24T17:15:20.615923Z","uid":"C1","id":{"orig_h":"10.0.0.5","orig_p":5,"resp_h":"1.1.1.1","resp_p":443},"proto":"tcp","conn_state":"S0"}',
      '{"_path":"conn","ts":1700000000123,"uid":"C2","id":{"orig_h":"10.0.0.6","orig_p":6,"resp_h":"1.1.1.1","resp_p":443},"proto":"tcp","conn_state":"S0"}',
    ].join('\n');
    const { events, rejects } = decode(text);
    expect(rejects).toEqual([]);
    expect(events[0]).toMatchObject({ time: Date.UTC(2018, 2, 24, 17, 15, 20, 615), src: '10.0.0.5', dstPort: 443 });
    expect(events[1]).toMatchObject({ time: 1700000000123, src: '10.0.0.6' });
  });

  it('maps x509 with the certificate as entity', () => {
    const line =
      '{"_path":"x509","ts":1,"fingerprint":"ab12","certificate":{"subject":"CN=x","issuer":"CN=x","not_valid_after":1800000000},"san":{"dns":["x.test"]}}';
    const e = decode(line, 'x509.log').events[0] as NetX509Event;
    expect(e).toMatchObject({
      kind: 'net.x509',
      certId: 'ab12',
      entity: { kind: 'endpoint', id: 'ab12' },
      selfSigned: true,
      sanDns: ['x.test'],
      notValidAfter: 1800000000000,
    });
  });

  it('rejects broken JSON and records without a time, skips other logs', () => {
    const text = [
      '{"_path":"weird","ts":1,"name":"x"}',
      '{"ts":1,"uid":"C1"',
      '[1,2]',
      '{"_path":"dns","uid":"D1","query":"a.test"}',
    ].join('\n');
    const { events, rejects, skipped } = decode(text, 'mixed.log');
    expect(events).toEqual([]);
    expect(skipped).toEqual({ 'zeek:weird': 1 });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'invalid JSON'],
      [3, 'JSON line is not an object'],
      [4, 'unparsable ts'],
    ]);
  });

  it('sniffs Zeek records by their keys', () => {
    expect(zeekJsonDecoder.sniff('{"_path":"ssl","ts":1}', 'a')).toBeGreaterThan(0.9);
    expect(zeekJsonDecoder.sniff('{"ts":1,"uid":"C","id.orig_h":"1.2.3.4"}', 'a')).toBe(0.9);
    expect(zeekJsonDecoder.sniff('{"time":"2026-01-01T00:00:00Z","actor":"a","prompt":"p"}', 'prompts.jsonl')).toBe(0);
    expect(zeekJsonDecoder.sniff('#separator \\x09', 'conn.log')).toBe(0);
  });
});
