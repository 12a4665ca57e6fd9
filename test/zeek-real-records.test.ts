import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../src/events/event.js';
import { openFileSource } from '../src/sources/files/index.js';
import { sharedData } from './shared-data.js';

/**
 * Real Zeek records decoded field by field: for each log type telltale reads (conn, http, dns,
 * ssl, x509, files), chosen lines of the shared real logs in JSON and in TSV form, every field of
 * the event checked against the values written on that line of the file.
 */
const ZEEK = sharedData('zeek');

const decoded = new Map<string, Event[]>();

/** The one event decoded from line `line` of the real log `rel` (lines of the decompressed text). */
async function recordAt(rel: string, line: number): Promise<Event> {
  const path = join(ZEEK, rel);
  let events = decoded.get(path);
  if (events === undefined) {
    events = [];
    const source = openFileSource(path);
    for (let b = await source.next(); b !== null; b = await source.next()) {
      expect(b.rejects).toEqual([]);
      events.push(...b.events);
    }
    decoded.set(path, events);
  }
  const at = events.filter((e) => e.source.line === line);
  expect(at, `${rel}:${line}`).toHaveLength(1);
  return at[0]!;
}

const source = (rel: string, line: number) => ({ input: join(ZEEK, rel), line });

describe('real Zeek conn records', () => {
  it('JSON with _path (RITA sample, line 5)', async () => {
    const rel = 'rita-json-format-samples/json_with_all_fields/conn.log';
    expect(await recordAt(rel, 5)).toEqual({
      kind: 'net.conn',
      time: 1517422326539,
      source: source(rel, 5),
      entity: { kind: 'device', id: '10.55.100.100' },
      uid: 'CRWVe54XezFtIlZ2Ec',
      src: '10.55.100.100',
      srcPort: 61842,
      dst: '205.204.101.182',
      dstPort: 80,
      sensor: undefined,
      proto: 'tcp',
      service: 'http',
      duration: 108.985649,
      bytesOut: 723,
      bytesIn: 336,
      connState: 'SF',
      localOrig: true,
      localResp: false,
      history: 'ShADadfF',
      origPkts: 10,
      respPkts: 4,
    });
  });

  it('gzip JSON without _path or local_orig (Slips test9, line 100)', async () => {
    const rel = 'slips-test-datasets/test9-mixed-zeek-dir/conn.log.gz';
    expect(await recordAt(rel, 100)).toEqual({
      kind: 'net.conn',
      time: 100121,
      source: source(rel, 100),
      entity: { kind: 'device', id: '10.0.2.15' },
      uid: 'C08lXN2TDz4ReZ87L6',
      src: '10.0.2.15',
      srcPort: 65209,
      dst: '147.32.82.19',
      dstPort: 53,
      sensor: undefined,
      proto: 'udp',
      service: 'dns',
      duration: 0.06300500000000397,
      bytesOut: 34,
      bytesIn: 386,
      connState: 'SF',
      localOrig: undefined,
      localResp: undefined,
      history: 'Dd',
      origPkts: 1,
      respPkts: 1,
    });
  });

  it('JSON with no service, a rejected connection (Slips test14, line 3), and an empty one (test15, line 2)', async () => {
    expect(await recordAt('slips-test-datasets/test15-malicious-zeek-dir/conn.log', 2)).toMatchObject({
      time: 290103,
      uid: 'CNybJS33LDUeyyg1Pi',
      srcPort: 44947,
      dst: '1.1.1.1',
      dstPort: 80,
      service: '',
      duration: 0.5273809432983398,
      bytesOut: 656,
      bytesIn: 12310,
      localOrig: true,
    });
    const rel = 'slips-test-datasets/test14-malicious-zeek-dir/conn.log';
    expect(await recordAt(rel, 3)).toMatchObject({
      time: 79681,
      uid: 'Cw6JBU12nYsbZElIpa',
      src: '10.0.2.15',
      srcPort: 546,
      dst: '123.22.123.22',
      dstPort: 547,
      proto: 'tcp',
      service: undefined,
      bytesOut: 588,
      bytesIn: 0,
      connState: 'REJ',
      localOrig: false,
      localResp: false,
      history: 'D',
      origPkts: 7,
      respPkts: 0,
    });
  });

  it('labelled gzip TSV (Stratosphere 008, line 200)', async () => {
    const rel = 'stratosphere-security-datasets/008-zeek-mixed/data/conn.log.labeled.gz';
    expect(await recordAt(rel, 200)).toEqual({
      kind: 'net.conn',
      time: 1655072681052,
      source: source(rel, 200),
      entity: { kind: 'device', id: '147.32.81.167' },
      uid: 'Cf3git1wMq5gDeY4hk',
      src: '147.32.81.167',
      srcPort: 62796,
      dst: '162.125.19.9',
      dstPort: 443,
      sensor: undefined,
      proto: 'tcp',
      service: 'ssl',
      duration: 900.283362,
      bytesOut: 47344,
      bytesIn: 5774,
      connState: 'SF',
      localOrig: true,
      localResp: false,
      history: 'ShADadCFfR',
      origPkts: 90,
      respPkts: 82,
    });
  });
});

describe('real Zeek http records', () => {
  it('JSON with _path (RITA sample, line 7)', async () => {
    const rel = 'rita-json-format-samples/json_with_all_fields/http.log';
    expect(await recordAt(rel, 7)).toEqual({
      kind: 'net.http',
      time: 1517422329246,
      source: source(rel, 7),
      entity: { kind: 'device', id: '10.55.100.100' },
      uid: 'CRniqj3REWkqClLuf',
      src: '10.55.100.100',
      srcPort: 61840,
      dst: '205.204.101.182',
      dstPort: 80,
      sensor: undefined,
      method: 'GET',
      host: 'gm.mmstat.com',
      uri:
        '/sc.13.1?cache=3572c44&gmkey=OTHER&gokey=type=isSupportACM&result=notSupportACM&href=http%3A%2F%2Fwww.alibaba.com%2F' +
        '&notification=notSupportNotification&ua=Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko' +
        '&browser=trident&cna=qQ2xEmk6s1QCAdBrqzxpmxXf&isbeta=5&spm-cnt=a2700.8293689.0.0.MjTKVQ&logtype=2',
      referrer: 'http://www.alibaba.com/',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
      status: 200,
      requestBodyLen: 0,
      responseBodyLen: 43,
      respMimeTypes: ['image/gif'],
    });
  });

  it('gzip JSON without _path (Slips test9, line 40; Slips test14, line 3)', async () => {
    const rel = 'slips-test-datasets/test9-mixed-zeek-dir/http.log.gz';
    expect(await recordAt(rel, 40)).toEqual({
      kind: 'net.http',
      time: 80818,
      source: source(rel, 40),
      entity: { kind: 'device', id: '10.0.2.15' },
      uid: 'CxPjjKWMVQTIWitk9',
      src: '10.0.2.15',
      srcPort: 49170,
      dst: '195.113.232.72',
      dstPort: 80,
      sensor: undefined,
      method: 'GET',
      host: 'img-s-msn-com.akamaized.net',
      uri: '/tenant/amp/entityid/AA8I0Dg.img?h=16&w=16&m=6&q=60&u=t&o=t&l=f&f=png',
      referrer: 'http://www.msn.com/?ocid=iehp',
      userAgent:
        'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; .NET CLR 2.0.50727; .NET CLR 3.5.30729; .NET CLR 3.0.30729; Media Center PC 6.0)',
      status: 200,
      requestBodyLen: 0,
      responseBodyLen: 633,
      respMimeTypes: ['image/png'],
    });
    expect(await recordAt('slips-test-datasets/test14-malicious-zeek-dir/http.log.gz', 3)).toMatchObject({
      time: 75391,
      uid: 'C7PV2MIAhIMN249Sd',
      dst: '147.32.80.7',
      host: 'relay.felk.cvut.cz',
      uri: '/wpad.dat',
      referrer: undefined,
      userAgent: 'Mozilla/4.0 (compatible; MSIE 8.0; Win32; Trident/4.0)',
      responseBodyLen: 593,
      respMimeTypes: ['text/plain'],
    });
  });

  it('gzip TSV: a CONNECT through a proxy, unset referrer and MIME types (RITA proxy, line 30)', async () => {
    const rel = 'rita-proxy-beacon/proxy/http.log.gz';
    expect(await recordAt(rel, 30)).toEqual({
      kind: 'net.http',
      time: 1672849465433,
      source: source(rel, 30),
      entity: { kind: 'device', id: '10.136.0.18' },
      uid: 'CRfOTK1hdSDVLW6rEd',
      src: '10.136.0.18',
      srcPort: 60146,
      dst: '10.136.0.16',
      dstPort: 3128,
      sensor: undefined,
      method: 'CONNECT',
      host: 'www.honestimnotevil.com',
      uri: 'www.honestimnotevil.com:443',
      referrer: undefined,
      userAgent: 'Modzilla/-2.0 (Atari 7800)',
      status: 200,
      requestBodyLen: 0,
      responseBodyLen: 0,
      respMimeTypes: undefined,
    });
  });
});

describe('real Zeek dns records', () => {
  it('JSON with answers mixing a CNAME and addresses (Slips test9, line 25)', async () => {
    const rel = 'slips-test-datasets/test9-mixed-zeek-dir/dns.log';
    expect(await recordAt(rel, 25)).toEqual({
      kind: 'net.dns',
      time: 79313,
      source: source(rel, 25),
      entity: { kind: 'device', id: '10.0.2.15' },
      uid: 'CGkaj02VAitka87eHd',
      src: '10.0.2.15',
      srcPort: 54911,
      dst: '147.32.80.9',
      dstPort: 53,
      sensor: undefined,
      query: 'static-hp-eus-s-msn-com.akamaized.net',
      qtype: 'A',
      rcode: 'NOERROR',
      answers: ['a1075.g2.akamai.net', '195.113.232.73', '195.113.232.75'],
    });
  });

  it('JSON with _path (RITA sample, line 30)', async () => {
    expect(await recordAt('rita-json-format-samples/json_with_all_fields/dns.log', 30)).toMatchObject({
      time: 1517336181839,
      uid: 'CB6AkG1BNRtZJREXy',
      src: '10.55.200.11',
      srcPort: 56288,
      dst: '193.108.88.128',
      dstPort: 53,
      query: 'asimov-win.settings.data.microsoft.com.akadns.net',
      qtype: 'A',
      rcode: 'NOERROR',
      answers: ['geo.settings.data.microsoft.com.akadns.net'],
    });
  });

  it('gzip TSV: an unanswered LLMNR query over IPv6 (RITA proxy, line 40)', async () => {
    const rel = 'rita-proxy-beacon/proxy/dns.log.gz';
    expect(await recordAt(rel, 40)).toEqual({
      kind: 'net.dns',
      time: 1610645436139,
      source: source(rel, 40),
      entity: { kind: 'device', id: 'fe80::e874:5e35:c585:ef71' },
      uid: 'CE6gQi1NHdcyCZXsh3',
      src: 'fe80::e874:5e35:c585:ef71',
      srcPort: 54695,
      dst: 'ff02::1:3',
      dstPort: 5355,
      sensor: undefined,
      query: 'wpad',
      qtype: 'A',
      rcode: undefined,
      answers: undefined,
    });
  });
});

describe('real Zeek ssl records', () => {
  it('JSON with _path, escaped commas in the subject, JA3 and JA3S (RITA sample, line 6)', async () => {
    const rel = 'rita-json-format-samples/json_with_all_fields/ssl.log';
    expect(await recordAt(rel, 6)).toEqual({
      kind: 'net.tls',
      time: 1517422337448,
      source: source(rel, 6),
      entity: { kind: 'device', id: '10.55.100.111' },
      uid: 'CUkrdw1LYGK7JzksDi',
      src: '10.55.100.111',
      srcPort: 57493,
      dst: '208.89.12.87',
      dstPort: 443,
      sensor: undefined,
      serverName: 'va.v.liveperson.net',
      version: 'TLSv12',
      established: true,
      validationStatus: 'ok',
      selfSigned: false,
      // Zeek's JSON writes the RFC 4514 escape `\,` as `\\\\,`: one backslash stays.
      subject:
        'CN=*.v.liveperson.net,OU=PlatinumSSL Wildcard,OU=Hosted by LivePerson\\, Inc.,OU=LivePerson\\, Inc.,' +
        'O=LivePerson\\, Inc,street=New York,L=New York,ST=New York,postalCode=100007,C=US',
      issuer:
        'CN=COMODO RSA Organization Validation Secure Server CA,O=COMODO CA Limited,L=Salford,ST=Greater Manchester,C=GB',
      ja3: '10ee8d30a5d01c042afd7b2b205facc4',
      ja3s: '389ed42c02ebecc32e73aa31def07e14',
      certChain: ['FTQngf2u7zsllGnWVl', 'FCfvtX1UJW7XGEXfkg', 'Ffnn4v4C34aduNkr8g'],
    });
  });

  it('JSON without _path, certificate not yet valid (Slips test9, line 12; test15, line 2)', async () => {
    expect(await recordAt('slips-test-datasets/test9-mixed-zeek-dir/ssl.log', 12)).toMatchObject({
      time: 99216,
      uid: 'C9SQxc1TpOEqDKE1Gh',
      srcPort: 49227,
      dst: '23.38.85.187',
      version: 'TLSv10',
      serverName: 'mem.gfx.ms',
      established: true,
      subject: 'CN=mem.gfx.ms,OU=Microsoft Corporation,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US',
      issuer: 'CN=Symantec Class 3 Secure Server CA - G4,OU=Symantec Trust Network,O=Symantec Corporation,C=US',
      validationStatus: 'certificate is not yet valid',
      selfSigned: false,
      ja3: '8916410db85077a5460817142dcbc8de',
      ja3s: undefined,
      certChain: ['F6K68nDvpDZeXX9df', 'FlSm1fiDswVXgWfOk'],
    });
    expect(await recordAt('slips-test-datasets/test15-malicious-zeek-dir/ssl.log', 2)).toMatchObject({
      time: 95035,
      uid: 'CofVUoGEO2KmtNRU8',
      dst: '54.247.162.104',
      serverName: 'eu-west-1.dc.ads.linkedin.com',
      subject: 'CN=ads.linkedin.com,O=LinkedIn Corporation,L=Mountain View,ST=California,C=US',
      issuer: 'CN=DigiCert SHA2 Secure Server CA,O=DigiCert Inc,C=US',
      certChain: ['Fz1tYe2XBbvuv8rdv5', 'FFhyEd4l0VxQ3oHQYg'],
    });
  });

  it('TSV: a TLS 1.3 handshake through a proxy that failed, and a labelled one with no version', async () => {
    const rel = 'rita-proxy-beacon/proxy/ssl.log';
    expect(await recordAt(rel, 20)).toEqual({
      kind: 'net.tls',
      time: 1672846847963,
      source: source(rel, 20),
      entity: { kind: 'device', id: '10.136.0.18' },
      uid: 'CHUoLP1PBc1TPyei6b',
      src: '10.136.0.18',
      srcPort: 48862,
      dst: '10.136.0.16',
      dstPort: 3128,
      sensor: undefined,
      serverName: 'www.honestimnotevil.com',
      version: 'TLSv13',
      established: false,
      validationStatus: undefined,
      selfSigned: false,
      subject: undefined,
      issuer: undefined,
      ja3: '456523fc94726331a4d5a2e1d40b2cd7',
      ja3s: '15af977ce25de452b96affa2addb1036',
      certChain: undefined,
    });
    expect(await recordAt('stratosphere-security-datasets/008-zeek-mixed/data/ssl.log.labeled', 15)).toMatchObject({
      time: 1655071674885,
      uid: 'CVGhUE2wIAwrgGX1Dg',
      dst: '20.54.24.246',
      serverName: 'array615.prod.do.dsp.mp.microsoft.com',
      version: undefined,
      established: false,
    });
  });
});

describe('real Zeek x509 records', () => {
  it('gzip JSON with ISO times, keyed by fingerprint (WRCCDC, line 50)', async () => {
    const rel = 'wrccdc-2018-brim/zeek-json/x509.json.gz';
    const fingerprint = '4ca85a3ecce96dd8b55523adb83cbd4c11187f948109a51cb3ea3031f2545cac';
    expect(await recordAt(rel, 50)).toEqual({
      kind: 'net.x509',
      time: 1521911766551,
      source: source(rel, 50),
      entity: { kind: 'endpoint', id: fingerprint },
      certId: fingerprint,
      subject: 'CN=*.g.doubleclick.net,O=Google Inc,L=Mountain View,ST=California,C=US',
      issuer: 'CN=Google Internet Authority G3,O=Google Trust Services,C=US',
      notValidBefore: 1520969027000,
      notValidAfter: 1528222680000,
      sanDns: [
        '*.g.doubleclick.net',
        '*.googleadservices.com',
        '*.googlesyndication.com',
        '*.googletagservices.com',
        '*.invitemedia.com',
        'g.doubleclick.net',
        'googleadservices.com',
        'googlesyndication.com',
        'googletagservices.com',
        'media.admob.com',
      ],
      selfSigned: false,
    });
  });

  it('JSON with epoch times, keyed by file id (Slips test9, line 3)', async () => {
    const e = await recordAt('slips-test-datasets/test9-mixed-zeek-dir/x509.log', 3);
    expect(e).toMatchObject({
      time: 96798,
      certId: 'FGfeOO1SupRd8nH3a',
      subject: 'CN=support.microsoft.com,OU=Microsoft Corporation,O=Microsoft Corporation,L=Redmond,ST=WA,C=US',
      issuer: 'CN=Microsoft IT SSL SHA2,OU=Microsoft IT,O=Microsoft Corporation,L=Redmond,ST=Washington,C=US',
      notValidBefore: 1488316939000,
      notValidAfter: 1522268539000,
      selfSigned: false,
    });
    expect((e as { sanDns: string[] }).sanDns).toHaveLength(11);
    expect((e as { sanDns: string[] }).sanDns[10]).toBe('*.support.services.microsoft.com');
  });

  it('gzip TSV with a long SAN vector (WRCCDC, line 30)', async () => {
    const e = await recordAt('wrccdc-2018-brim/zeek-default/x509.log.gz', 30);
    expect(e).toMatchObject({
      time: 1521911723730,
      certId: 'f99fbe27d0e8a41850c04648f44fbfe628061a17baa3c6e22dcf522cd0eb14d6',
      subject: 'CN=shasta-ars.symantec.com,OU=IT Security,O=Symantec Corporation,L=Mountain View,ST=California,C=US',
      issuer: 'CN=Symantec Class 3 Secure Server CA - G4,OU=Symantec Trust Network,O=Symantec Corporation,C=US',
      notValidBefore: 1510531200000,
      notValidAfter: 1542239999000,
    });
    const san = (e as { sanDns: string[] }).sanDns;
    expect(san).toHaveLength(26);
    expect([san[0], san[25]]).toEqual(['SHASTA-ARS.SYMANTEC.COM', 'shasta-wrs-prod-mue1.np.norton.com']);
  });
});

describe('real Zeek files records', () => {
  it('gzip JSON: a file sent by the responder belongs to the receiving device (Slips test9, line 60)', async () => {
    const rel = 'slips-test-datasets/test9-mixed-zeek-dir/files.log.gz';
    expect(await recordAt(rel, 60)).toEqual({
      kind: 'net.file',
      time: 80846,
      source: source(rel, 60),
      entity: { kind: 'device', id: '10.0.2.15' },
      uid: 'CoIdDb1ZEcY6xxP6K',
      src: '10.0.2.15',
      srcPort: 0,
      dst: '195.113.232.72',
      dstPort: 0,
      sensor: undefined,
      fuid: 'F4Hojp2gtbqkuTMYWc',
      protocol: 'HTTP',
      mimeType: 'image/png',
      filename: undefined,
      size: 672,
      md5: '9fc91e4bca709e2006aa0b403fd7b097',
      sha1: '4628259b3c8747ed6ec909a9c948815e0e81cc2e',
      sha256: undefined,
    });
  });

  it('labelled gzip TSV with sets of hosts and no total size (Stratosphere 009, line 50)', async () => {
    const rel = 'stratosphere-security-datasets/009-zeek-malicious/data/files.log.labeled.gz';
    expect(await recordAt(rel, 50)).toEqual({
      kind: 'net.file',
      time: 937281,
      source: source(rel, 50),
      entity: { kind: 'device', id: '192.168.1.113' },
      uid: 'CZhxhm3RakWDlGaZGd',
      src: '192.168.1.113',
      srcPort: 0,
      dst: '189.90.217.247',
      dstPort: 0,
      sensor: undefined,
      fuid: 'Fl6t6o2IJ5Mip9aQWe',
      protocol: 'HTTP',
      mimeType: 'text/html',
      filename: undefined,
      size: 199,
      md5: '50413287f0df4c23a4cff7e10b408f87',
      sha1: 'd9b6552164f13db9df2dd3bf15b6646d4456958b',
      sha256: undefined,
    });
  });
});
