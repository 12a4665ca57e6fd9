import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Event, NetHttpEvent } from '../src/events/event.js';
import { expandInputs, openFileSource } from '../src/sources/files/index.js';
import type { Reject } from '../src/store/store.js';
import { sharedData } from './shared-data.js';

/** The shared real Zeek data sets (see their README.md and PROVENANCE.md files). */
const DATA = sharedData('zeek');

interface FileResult {
  kinds: Record<string, number>;
  first: Event[];
  skipped: Record<string, number>;
}

async function decodeAll(path: string, keep = 3): Promise<{ events: Event[]; rejects: Reject[]; result: FileResult }> {
  const source = openFileSource(path);
  const result: FileResult = { kinds: {}, first: [], skipped: {} };
  const events: Event[] = [];
  const rejects: Reject[] = [];
  for (let b = await source.next(); b !== null; b = await source.next()) {
    for (const e of b.events) {
      result.kinds[e.kind] = (result.kinds[e.kind] ?? 0) + 1;
      if (result.first.length < keep) result.first.push(e);
      if (keep === Number.POSITIVE_INFINITY) events.push(e);
    }
    rejects.push(...b.rejects);
    for (const [k, n] of Object.entries(b.skipped)) result.skipped[k] = (result.skipped[k] ?? 0) + n;
  }
  return { events, rejects, result };
}

const strip = (e: Event) => JSON.stringify({ ...e, source: undefined });

/**
 * The JSON files hold the first 2,000 records of the TSV ones, written by another writer that may
 * order records of the same microsecond differently: compare them as sets, near the start.
 */
function expectSameRecords(json: Event[], tsv: Event[]): void {
  const tsvRecords = new Set(tsv.slice(0, json.length + 100).map(strip));
  const missing = json.map(strip).filter((r) => !tsvRecords.has(r));
  expect(missing).toEqual([]);
}

describe('Zeek real data sets', () => {
  const byFile = new Map<string, FileResult>();
  const rejects: Reject[] = [];
  let files: string[] = [];

  beforeAll(async () => {
    files = await expandInputs([DATA]);
    for (const f of files) {
      const r = await decodeAll(f);
      byFile.set(relative(DATA, f), r.result);
      rejects.push(...r.rejects.map((x) => ({ ...x, input: relative(DATA, x.input) })));
    }
  }, 300_000);

  const file = (rel: string) => {
    const r = byFile.get(rel);
    if (r === undefined) throw new Error(`not decoded: ${rel}`);
    return r;
  };

  it('reads every log file and skips only documentation', () => {
    expect(files.length).toBeGreaterThan(1100);
    expect(files.some((f) => /README|PROVENANCE|labels\.config/.test(f))).toBe(false);
  });

  it('rejects only the genuinely malformed lines, named here', () => {
    expect(rejects.map((r) => [r.input, r.line, r.reason])).toEqual([
      // Upstream fixture cut mid-line: the last record has 9 of its 21 columns.
      ['rita-json-format-samples/truncated/conn.log', 67, 'expected 21 columns, found 9'],
      // Upstream fixture whose last JSON record is cut off.
      ['rita-json-format-samples/truncated/conn_json.log', 4, 'invalid JSON'],
      // Upstream fixture with the whole # header removed: no format can be told from it.
      ['rita-json-format-samples/truncated/conn_top.log', 1, 'no decoder recognises this input'],
      // A stray tab before "#separator" on the first line; the rest of the header and data are fine.
      ['slips-test-datasets/test10-mixed-zeek-dir/conn.log', 1, 'Zeek TSV data line before any #fields header'],
    ]);
    expect(rejects[0]!.text.startsWith('1517336086.507674\tCWjAXr3YklCCTQsYPg')).toBe(true);
  });

  it('honours #types on the real TSV logs: every #fields header is followed by its types, and all fit', () => {
    let sections = 0;
    for (const f of files) {
      let buf = readFileSync(f);
      if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
      const lines = buf.toString('utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.startsWith('#fields\t')) continue;
        sections++;
        const types = lines[i + 1]!;
        expect(types.startsWith('#types\t'), `${f}:${i + 2}`).toBe(true);
        expect(types.split('\t').length, `${f}:${i + 2}`).toBe(lines[i]!.split('\t').length);
      }
    }
    expect(sections).toBeGreaterThan(1000);
    // The decoder checked each of those sections against what it reads, and none contradicted it.
    expect(rejects.filter((r) => r.reason.startsWith('#types'))).toEqual([]);
  });

  it('keeps every record of the malformed files that is whole', () => {
    expect(file('rita-json-format-samples/truncated/conn.log').kinds).toEqual({ 'net.conn': 58 });
    expect(file('rita-json-format-samples/truncated/conn_json.log').kinds).toEqual({ 'net.conn': 3 });
    expect(file('slips-test-datasets/test10-mixed-zeek-dir/conn.log').kinds).toEqual({ 'net.conn': 141 });
  });

  it('decodes as many records as the provenance tables count', () => {
    expect(file('stratosphere-security-datasets/008-zeek-mixed/data/conn.log.labeled.gz').kinds).toEqual({
      'net.conn': 5663,
    });
    expect(file('stratosphere-security-datasets/009-zeek-malicious/data/dns.log.labeled.gz').kinds).toEqual({
      'net.dns': 24181,
    });
    expect(file('stratosphere-security-datasets/009-zeek-malicious/data/files.log.labeled.gz').kinds).toEqual({
      'net.file': 2029,
    });
    expect(file('wrccdc-2018-brim/zeek-default/dns.log.gz').kinds).toEqual({ 'net.dns': 53615 });
    expect(file('wrccdc-2018-brim/zeek-default/ssl.log.gz').kinds).toEqual({ 'net.tls': 49474 });
    expect(file('rita-proxy-beacon/proxy/x509.log').kinds).toEqual({ 'net.x509': 173 });
    expect(file('slips-test-datasets/test9-mixed-zeek-dir/http.log.gz').kinds).toEqual({ 'net.http': 516 });
    expect(file('stratosphere-security-datasets/002-zeek-scenario-port-scanning/conn.log.gz').kinds).toEqual({
      'net.conn': 4504,
    });
  });

  it('counts other Zeek logs as skipped, in both formats', () => {
    expect(file('wrccdc-2018-brim/zeek-default/rdp.log.gz').skipped).toEqual({ 'zeek:rdp': 4122 });
    expect(file('wrccdc-2018-brim/zeek-json/smtp.json.gz').skipped).toEqual({ 'zeek:smtp': 1188 });
    expect(file('stratosphere-security-datasets/004-zeek-scenario-ssh/ssh.log').skipped).toEqual({ 'zeek:ssh': 396 });
    expect(file('rita-missing-host-beacon/2024-04-21/conn-summary.10:00:00-11:00:00.log.gz').skipped).toEqual({
      'zeek:conn-summary': 1,
    });
  });

  it('conn: TSV plain, TSV gzip with _node_name, labelled TSV, and gzip JSON (002 is JSON lines)', () => {
    expect(file('rita-proxy-beacon/proxy/conn.log').first[0]).toMatchObject({
      kind: 'net.conn',
      time: 1672843056913,
      uid: 'CXHB1X22027MRWU6D',
      entity: { kind: 'device', id: '10.136.0.18' },
      src: '10.136.0.18',
      srcPort: 55548,
      dst: '10.136.0.16',
      dstPort: 3128,
      proto: 'tcp',
      service: 'http,ssl',
      duration: 0.084044,
      bytesOut: 1030,
      bytesIn: 20275,
      connState: 'SF',
      localOrig: true,
      localResp: true,
      history: 'ShADadFf',
      origPkts: 18,
      respPkts: 14,
    });
    expect(file('rita-missing-host-beacon/2024-04-21/conn.10:00:00-11:00:00.log.gz').first[0]).toMatchObject({
      time: 1713693597163,
      uid: 'ClTRDb3l7ge6oiiYsg',
      src: '79.124.58.158',
      dst: '64.225.56.201',
      dstPort: 52359,
      connState: 'REJ',
      sensor: 'worker-eth0-1',
      service: undefined,
      bytesOut: 0,
    });
    expect(file('stratosphere-security-datasets/001-zeek-scenario-malicious/labeled-conn.log').first[0]).toMatchObject({
      time: 19981,
      uid: 'C91Ycq25p2quMWzEMk',
      src: 'fd2d:ab8c:225:0:81d3:fd3e:7f62:aec8',
      dst: 'fd2d:ab8c:225::1',
      dstPort: 53,
      proto: 'udp',
    });
    expect(file('stratosphere-security-datasets/002-zeek-scenario-port-scanning/conn.log.gz').first[0]).toMatchObject({
      time: 1664462456755,
      uid: 'C5xhsO3uGtOfyrBlHh',
      src: '172.16.1.11',
      dst: '8.8.8.8',
      dstPort: 53,
      proto: 'udp',
      connState: 'SHR',
      bytesIn: 111,
      localOrig: true,
    });
  });

  it('http: JSON with _path, and the labelled beacon with an empty Host in gzip TSV', async () => {
    expect(file('rita-json-format-samples/json_with_all_fields/http.log').first[0]).toMatchObject({
      kind: 'net.http',
      uid: 'CB9DKu4WI1kRo88sj6',
      src: '10.55.100.105',
      method: 'GET',
      host: 'gm.mmstat.com',
      referrer: 'http://www.alibaba.com/',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
      status: 200,
      requestBodyLen: 0,
      responseBodyLen: 43,
      respMimeTypes: ['image/gif'],
    });
    const { events } = await decodeAll(
      join(DATA, 'rita-missing-host-beacon/2024-04-19/http.00:00:00-01:00:00.log.gz'),
      Number.POSITIVE_INFINITY,
    );
    const beacon = events.find((e) => (e as NetHttpEvent).userAgent === 'Modzilla/0.0001 (Atari 7800)');
    expect(beacon).toMatchObject({
      time: 1713485049838,
      uid: 'CF3oHg33SfE13s6jp7',
      src: '73.54.23.243',
      dst: '64.225.56.201',
      dstPort: 80,
      method: 'GET',
      host: '',
      uri: '/',
      status: 400,
      responseBodyLen: 166,
    });
  });

  it('ssl: gzip TSV and the same records as gzip JSON with ISO times decode alike', async () => {
    const tsv = await decodeAll(join(DATA, 'wrccdc-2018-brim/zeek-default/ssl.log.gz'), Number.POSITIVE_INFINITY);
    const json = await decodeAll(
      join(DATA, 'wrccdc-2018-brim/zeek-json/ssl.head2000.json.gz'),
      Number.POSITIVE_INFINITY,
    );
    expect(json.events).toHaveLength(2000);
    expectSameRecords(json.events, tsv.events);
    expect(tsv.events[0]).toMatchObject({
      kind: 'net.tls',
      time: 1521911720615,
      uid: 'CmC9kY1X0u9nP78KZc',
      src: '10.164.94.120',
      dst: '10.47.3.200',
      dstPort: 443,
      version: 'TLSv10',
      established: true,
      serverName: undefined,
      validationStatus: 'unable to get local issuer certificate',
      selfSigned: false,
      certChain: ['b2dafbcdbc75210672f137f27ce882ccb799887631655d4f11191d5a678e44fe'],
    });
    const selfSigned = tsv.events.filter((e) => e.kind === 'net.tls' && e.selfSigned).length;
    expect(selfSigned).toBeGreaterThan(0);
  });

  it('ssl: JSON with SNI, subject, issuer and JA3', () => {
    expect(file('rita-json-format-samples/json_with_all_fields/ssl.log').first[0]).toMatchObject({
      serverName: 'lptag.liveperson.net',
      version: 'TLSv12',
      validationStatus: 'ok',
      selfSigned: false,
      issuer:
        'CN=COMODO RSA Organization Validation Secure Server CA,O=COMODO CA Limited,L=Salford,ST=Greater Manchester,C=GB',
      ja3: '10ee8d30a5d01c042afd7b2b205facc4',
      ja3s: 'b898351eb5e266aefd3723d466935494',
      certChain: ['Fboy4loJvroOw6ol', 'F2dOiA4unEM6nUIaL4', 'F2wxVc3kxAHfhJoZD4'],
    });
  });

  it('dns: gzip TSV and the same records as gzip JSON decode alike; JSON with answers', async () => {
    const tsv = await decodeAll(join(DATA, 'wrccdc-2018-brim/zeek-default/dns.log.gz'), Number.POSITIVE_INFINITY);
    const json = await decodeAll(
      join(DATA, 'wrccdc-2018-brim/zeek-json/dns.head2000.json.gz'),
      Number.POSITIVE_INFINITY,
    );
    expect(json.events).toHaveLength(2000);
    expectSameRecords(json.events, tsv.events);
    expect(file('rita-missing-host-beacon/2024-04-21/dns.21:00:00-22:00:00.log.gz').first[0]).toMatchObject({
      kind: 'net.dns',
      time: 1713733200388,
      src: '64.225.56.201',
      dst: '67.207.67.3',
      query: '197.134.245.120.in-addr.arpa',
      qtype: 'PTR',
      rcode: 'SERVFAIL',
      answers: undefined,
    });
    expect(file('rita-json-format-samples/json_with_all_fields/dns.log').first[0]).toMatchObject({
      query: '6dde0175375169c68f.dnsc.r-1x.com',
      qtype: 'TXT',
      rcode: 'NOERROR',
      answers: ['TXT 18 302f017537c68f5169'],
    });
  });

  it('x509: TSV and JSON, self-signed from subject == issuer', () => {
    expect(file('rita-proxy-beacon/proxy/x509.log').first[0]).toMatchObject({
      kind: 'net.x509',
      time: 1610645453121,
      certId: 'FfH7reG9kzJuarq6d',
      entity: { kind: 'endpoint', id: 'FfH7reG9kzJuarq6d' },
      subject: 'CN=*.stackexchange.com',
      issuer: "CN=R3,O=Let's Encrypt,C=US",
      notValidBefore: 1607004052000,
      notValidAfter: 1614780052000,
      selfSigned: false,
    });
    expect((file('rita-proxy-beacon/proxy/x509.log').first[0] as { sanDns: string[] }).sanDns).toContain(
      'askubuntu.com',
    );
    expect(file('slips-test-datasets/test9-mixed-zeek-dir/x509.log').first[0]).toMatchObject({
      time: 95039,
      certId: 'FKMTO94tQEsBTFbPgc',
      subject: 'CN=www.bing.com',
      notValidAfter: 1562773628000,
    });
  });

  it('files: sender and receiver from tx/rx hosts and is_orig, TSV and gzip JSON', () => {
    expect(file('rita-proxy-beacon/proxy/files.log').first[0]).toMatchObject({
      kind: 'net.file',
      fuid: 'FfH7reG9kzJuarq6d',
      uid: 'CIkPYl2s3EejY8CDQ7',
      src: '192.168.0.15',
      dst: '151.101.1.69',
      entity: { kind: 'device', id: '192.168.0.15' },
      protocol: 'SSL',
      mimeType: 'application/pkix-cert',
      size: 1784,
      md5: 'd6c6642cd4be96f391726a1e5b8b9695',
      sha1: 'ef4a07dc91ccc67f0ba7d7c42b5a02344c39ad73',
    });
    expect(file('slips-test-datasets/test9-mixed-zeek-dir/files.log.gz').first[0]).toMatchObject({
      time: 29869,
      fuid: 'FqhaAy4xsmJ3AR63A3',
      uid: 'CAeDWs37BipkfP21u9',
      src: '10.0.2.15',
      dst: '147.32.80.7',
      protocol: 'HTTP',
      mimeType: 'text/plain',
      size: 593,
      md5: 'df7c845e4eadd7bac6cbfe2087bbd482',
    });
  });
});
