import { describe, expect, it } from 'vitest';
import type { NetConnEvent, NetDnsEvent, NetHttpEvent, NetTlsEvent } from '../../events/event.js';
import { collectingSink, feed } from './testSink.js';
import { zeekTsvDecoder } from './tsv.js';

const T = '\t';
const header = (path: string | undefined, fields: string[], extra: string[] = []) =>
  [
    '#separator \\x09',
    `#set_separator${T},`,
    `#empty_field${T}(empty)`,
    `#unset_field${T}-`,
    ...(path ? [`#path${T}${path}`] : []),
    ...extra,
    `#fields${T}${fields.join(T)}`,
    `#types${T}${fields.map(() => 'string').join(T)}`,
  ].join('\n');

const CONN = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'proto',
  'service',
  'duration',
  'orig_bytes',
  'resp_bytes',
  'conn_state',
  'local_orig',
  'local_resp',
];
const connRow = (ts: string, uid: string, extra = '') =>
  [ts, uid, '10.0.0.5', '50000', '93.184.216.34', '443', 'tcp', 'ssl', '1.5', '100', '-', 'SF', 'T', 'F'].join(T) +
  extra;

function decode(text: string, input = '/logs/conn.log') {
  const sink = collectingSink();
  feed(zeekTsvDecoder.open(input, sink), text);
  return sink;
}

describe('zeek-tsv decoder', () => {
  it('maps conn fields, unset values and the device entity', () => {
    const { events, rejects } = decode(`${header('conn', CONN)}\n${connRow('1700000000.123456', 'C1')}\n`);
    expect(rejects).toEqual([]);
    const e = events[0] as NetConnEvent;
    expect(e).toMatchObject({
      kind: 'net.conn',
      time: 1700000000123,
      source: { input: '/logs/conn.log', line: 8 },
      entity: { kind: 'device', id: '10.0.0.5' },
      uid: 'C1',
      src: '10.0.0.5',
      srcPort: 50000,
      dst: '93.184.216.34',
      dstPort: 443,
      proto: 'tcp',
      service: 'ssl',
      duration: 1.5,
      bytesOut: 100,
      connState: 'SF',
      localOrig: true,
      localResp: false,
    });
    expect(e.bytesIn).toBeUndefined();
  });

  it('honours custom separators, set separator and unset/empty markers', () => {
    const fields = [
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'method',
      'host',
      'uri',
      'resp_mime_types',
      'user_agent',
    ];
    const text = [
      '#separator \\x7c',
      '#set_separator|;',
      '#empty_field|EMPTY',
      '#unset_field|NONE',
      '#path|http',
      `#fields|${fields.join('|')}`,
      [
        '1700000000',
        'C2',
        '10.0.0.6',
        '1234',
        '1.2.3.4',
        '80',
        'POST',
        'EMPTY',
        '/a\\x7cb',
        'text/html;image/png',
        'NONE',
      ].join('|'),
    ].join('\n');
    const { events, rejects } = decode(text, 'http.log');
    expect(rejects).toEqual([]);
    expect(events[0] as NetHttpEvent).toMatchObject({
      kind: 'net.http',
      method: 'POST',
      host: '',
      uri: '/a|b',
      respMimeTypes: ['text/html', 'image/png'],
    });
    expect((events[0] as NetHttpEvent).userAgent).toBeUndefined();
  });

  it('follows a header that reappears mid-file with other fields', () => {
    const dns = [
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'query',
      'qtype_name',
      'rcode_name',
      'answers',
    ];
    const text = [
      header('conn', CONN),
      connRow('1700000000', 'C1'),
      `#close${T}2023-11-14-22-13-20`,
      header('dns', dns),
      [
        '1700000001',
        'D1',
        '10.0.0.7',
        '5353',
        '10.0.0.1',
        '53',
        'example.com',
        'A',
        'NOERROR',
        '93.184.216.34,2606:2800::1',
      ].join(T),
    ].join('\n');
    const { events, rejects } = decode(text);
    expect(rejects).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['net.conn', 'net.dns']);
    expect(events[1] as NetDnsEvent).toMatchObject({
      query: 'example.com',
      qtype: 'A',
      rcode: 'NOERROR',
      answers: ['93.184.216.34', '2606:2800::1'],
    });
  });

  it('recognises the log type by its fields when #path is missing, and tolerates extra columns', () => {
    const fields = ['_node_name', ...CONN, 'label'];
    const text = header(undefined, fields) + `\nworker-1${T}${connRow('1700000000', 'C9')}${T}Malicious`;
    const { events } = decode(text, 'conn.log.labeled');
    expect(events[0]).toMatchObject({ kind: 'net.conn', uid: 'C9', sensor: 'worker-1' });
  });

  it('derives selfSigned from validation_status or subject == issuer', () => {
    const fields = [
      'ts',
      'uid',
      'id.orig_h',
      'id.orig_p',
      'id.resp_h',
      'id.resp_p',
      'version',
      'cipher',
      'server_name',
      'established',
      'subject',
      'issuer',
      'validation_status',
    ];
    const row = (uid: string, subject: string, issuer: string, status: string) =>
      ['1700000000', uid, '10.0.0.5', '1', '5.6.7.8', '443', 'TLSv12', 'X', '-', 'T', subject, issuer, status].join(T);
    const text = [
      header('ssl', fields),
      row('S1', 'CN=a', 'CN=b', 'self signed certificate'),
      row('S2', 'CN=x', 'CN=x', '-'),
      row('S3', 'CN=a', 'CN=b', 'ok'),
    ].join('\n');
    const tls = decode(text).events as NetTlsEvent[];
    expect(tls.map((e) => e.selfSigned)).toEqual([true, true, false]);
    expect(tls[0]!.serverName).toBeUndefined();
  });

  it('rejects wrong column counts and bad timestamps, and decodes the rest', () => {
    const text = [
      header('conn', CONN),
      connRow('1700000000', 'C1'),
      'garbage',
      connRow('yesterday', 'C2'),
      connRow('1700000002', 'C3'),
    ].join('\n');
    const { events, rejects } = decode(text);
    expect(events.map((e) => (e as NetConnEvent).uid)).toEqual(['C1', 'C3']);
    expect(rejects).toEqual([
      { input: '/logs/conn.log', line: 9, reason: 'expected 14 columns, found 1', text: 'garbage' },
      { input: '/logs/conn.log', line: 10, reason: 'unparsable ts', text: connRow('yesterday', 'C2') },
    ]);
  });

  it('counts other log types as skipped, by path', () => {
    const text = `${header('weird', ['ts', 'uid', 'name'])}\n1700000000${T}C1${T}bad_TCP_checksum\n1700000001${T}C2${T}x`;
    const { events, rejects, skipped } = decode(text, 'weird.log');
    expect(events).toEqual([]);
    expect(rejects).toEqual([]);
    expect(skipped).toEqual({ 'zeek:weird': 2 });
  });

  it('sniffs Zeek headers, not file names', () => {
    expect(zeekTsvDecoder.sniff('#separator \\x09\n#set_separator\t,', 'x.txt')).toBe(1);
    expect(zeekTsvDecoder.sniff('{"ts":1}', 'conn.log')).toBe(0);
  });
});
