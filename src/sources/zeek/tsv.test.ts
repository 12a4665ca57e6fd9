import { describe, expect, it } from 'vitest';
import type { NetConnEvent, NetDnsEvent, NetHttpEvent, NetTlsEvent } from '../../events/event.js';
import { collectingSink, feed } from './testSink.js';
import { zeekTsvDecoder } from './tsv.js';

const T = '\t';
/** The types Zeek itself declares for these fields (as in the real logs); any other field is a string. */
const ZEEK_TYPES: Record<string, string> = {
  ts: 'time',
  'id.orig_h': 'addr',
  'id.orig_p': 'port',
  'id.resp_h': 'addr',
  'id.resp_p': 'port',
  proto: 'enum',
  duration: 'interval',
  orig_bytes: 'count',
  resp_bytes: 'count',
  local_orig: 'bool',
  local_resp: 'bool',
  established: 'bool',
  answers: 'vector[string]',
  resp_mime_types: 'vector[string]',
  tx_hosts: 'set[addr]',
  rx_hosts: 'set[addr]',
  conn_uids: 'set[string]',
  is_orig: 'bool',
  seen_bytes: 'count',
};
const typesOf = (fields: string[]) => fields.map((f) => ZEEK_TYPES[f] ?? 'string');
const header = (path: string | undefined, fields: string[], extra: string[] = [], types = typesOf(fields)) =>
  [
    '#separator \\x09',
    `#set_separator${T},`,
    `#empty_field${T}(empty)`,
    `#unset_field${T}-`,
    ...(path ? [`#path${T}${path}`] : []),
    ...extra,
    `#fields${T}${fields.join(T)}`,
    `#types${T}${types.join(T)}`,
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

  it('decodes escapes in strings and set items line by line, and leaves lines without them as written', () => {
    const dns = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'query', 'answers'];
    const row = (uid: string, query: string, answers: string) =>
      ['1700000001', uid, '10.0.0.7', '5353', '10.0.0.1', '53', query, answers].join(T);
    const text = [
      header('dns', dns),
      row('D1', 'caf\\xc3\\xa9.example', 'a\\x2cb.example,\\\\srv'),
      row('D2', 'plain.example', 'z.example'),
      row('D3', 'back\\\\slash.example', 'x\\y,c\\x2ed'),
    ].join('\n');
    const { events, rejects } = decode(text);
    expect(rejects).toEqual([]);
    expect(events.map((e) => [(e as NetDnsEvent).query, (e as NetDnsEvent).answers])).toEqual([
      ['café.example', ['a,b.example', '\\srv']],
      ['plain.example', ['z.example']],
      ['back\\slash.example', ['x\\y', 'c.d']],
    ]);
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

  it('rejects a section whose #types contradict what the decoder reads, naming the #types line', () => {
    const wrong = typesOf(CONN).map((t, i) => (CONN[i] === 'orig_bytes' ? 'string' : CONN[i] === 'ts' ? 'double' : t));
    const text = [
      header('conn', CONN, [], wrong),
      connRow('1700000000', 'C1'),
      connRow('1700000001', 'C2'),
      header('conn', CONN),
      connRow('1700000002', 'C3'),
    ].join('\n');
    const { events, rejects } = decode(text);
    // The section with the right types after it still decodes.
    expect(events.map((e) => (e as NetConnEvent).uid)).toEqual(['C3']);
    const reason =
      '#types (line 7) contradicts the conn decoder: ts declared double, read as time; orig_bytes declared string, read as count';
    expect(rejects).toEqual([
      { input: '/logs/conn.log', line: 8, reason, text: connRow('1700000000', 'C1') },
      { input: '/logs/conn.log', line: 9, reason, text: connRow('1700000001', 'C2') },
    ]);
  });

  it('reads a comma-separated string as one value and splits only fields declared as sets or vectors', () => {
    const http = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'method', 'uri', 'resp_mime_types'];
    const row = (uri: string, mimes: string) =>
      ['1700000000', 'H1', '10.0.0.5', '1', '5.6.7.8', '80', 'GET', uri, mimes].join(T);
    const ok = decode(
      `${header('http', http)}\n${row('/a,b', 'text/html,image/png')}\n${row('/c', '(empty)')}`,
      'http.log',
    );
    expect(ok.rejects).toEqual([]);
    expect(ok.events).toMatchObject([
      { uri: '/a,b', respMimeTypes: ['text/html', 'image/png'] },
      { uri: '/c', respMimeTypes: [] },
    ]);
    // A header that makes the URI a set would have it cut at the separator: not guessed at.
    const asSet = typesOf(http).map((t, i) => (http[i] === 'uri' ? 'set[string]' : t));
    const bad = decode(`${header('http', http, [], asSet)}\n${row('/a,b', '-')}`, 'http.log');
    expect(bad.events).toEqual([]);
    expect(bad.rejects[0]!.reason).toBe(
      '#types (line 7) contradicts the http decoder: uri declared set[string], read as string',
    );
    // And a vector field declared as a plain string is no list either.
    const asString = typesOf(http).map((t, i) => (http[i] === 'resp_mime_types' ? 'string' : t));
    expect(decode(`${header('http', http, [], asString)}\n${row('/', 'a,b')}`, 'http.log').rejects[0]!.reason).toMatch(
      /resp_mime_types declared string, read as vector\[string\]$/,
    );
  });

  it('accepts types written alike (double for interval, count for port, vector for set) and sets of addresses', () => {
    const alike = typesOf(CONN).map((t, i) =>
      CONN[i] === 'duration' ? 'double' : CONN[i] === 'id.resp_p' ? 'count' : t,
    );
    const conn = decode(`${header('conn', CONN, [], alike)}\n${connRow('1700000000', 'C1')}`);
    expect(conn.rejects).toEqual([]);
    expect(conn.events[0]).toMatchObject({ duration: 1.5, dstPort: 443 });

    const files = ['ts', 'fuid', 'tx_hosts', 'rx_hosts', 'conn_uids', 'is_orig', 'source', 'seen_bytes'];
    const types = typesOf(files).map((t, i) => (files[i] === 'conn_uids' ? 'vector[string]' : t));
    const text = `${header('files', files, [], types)}\n${['1700000000', 'F1', '5.6.7.8,5.6.7.9', '10.0.0.5', 'C1,C2', 'F', 'HTTP', '12'].join(T)}`;
    const out = decode(text, 'files.log');
    expect(out.rejects).toEqual([]);
    expect(out.events[0]).toMatchObject({ fuid: 'F1', uid: 'C1', src: '10.0.0.5', dst: '5.6.7.8', size: 12 });
  });

  it('rejects a #types line that does not match #fields in length, and ignores types of logs it skips', () => {
    const short = decode(`${header('conn', CONN, [], typesOf(CONN).slice(1))}\n${connRow('1700000000', 'C1')}`);
    expect(short.rejects.map((r) => r.reason)).toEqual([
      '#types (line 7) contradicts the conn decoder: 13 types for 14 fields',
    ]);
    const weird = decode(`${header('weird', ['ts', 'name'], [], ['string', 'count'])}\n1700000000${T}x`, 'weird.log');
    expect(weird.rejects).toEqual([]);
    expect(weird.skipped).toEqual({ 'zeek:weird': 1 });
  });

  it('checks only what #types declares: a header without it decodes by the fields alone', () => {
    const text = ['#separator \\x09', `#path${T}conn`, `#fields${T}${CONN.join(T)}`, connRow('1700000000', 'C1')].join(
      '\n',
    );
    const { events, rejects } = decode(text);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('sniffs Zeek headers, not file names', () => {
    expect(zeekTsvDecoder.sniff('#separator \\x09\n#set_separator\t,', 'x.txt')).toBe(1);
    expect(zeekTsvDecoder.sniff('{"ts":1}', 'conn.log')).toBe(0);
  });
});
