import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/shared-data.js';
import type { UserAgentInfo } from '../../events/event.js';
import { UserAgentParser } from './parse-user-agent.js';

/** User agents as they appear in the real Zeek http logs of the shared data, with the log each was taken from. */
const REAL: [log: string, ua: string, expected: UserAgentInfo][] = [
  [
    'rita-json-format-samples/open_conns/open/http.log',
    'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko',
    { family: 'IE', version: '11.0', os: 'Windows 10', tool: false },
  ],
  [
    'slips-test-datasets/test9-mixed-zeek-dir/http.log.gz',
    'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; .NET CLR 2.0.50727; .NET CLR 3.5.30729; .NET CLR 3.0.30729; Media Center PC 6.0)',
    { family: 'IE', version: '8.0', os: 'Windows 7', tool: false },
  ],
  [
    'slips-test-datasets/test9-mixed-zeek-dir/http.log.gz',
    'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0',
    { family: 'Firefox', version: '47.0', os: 'Windows 7', tool: false },
  ],
  [
    'rita-missing-host-beacon/2024-04-20/http.15:00:00-16:00:00.log.gz',
    'Mozilla/5.0 (Windows NT 10.0; rv:124.0) Gecko/20100101 Firefox/124.0',
    { family: 'Firefox', version: '124.0', os: 'Windows 10', tool: false },
  ],
  [
    'rita-proxy-beacon/proxy_rolling/http.16:00:00-17:00:00.log.gz',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:123.0) Gecko/20100101 Firefox/123.0',
    { family: 'Firefox', version: '123.0', os: 'macOS 10.15', tool: false },
  ],
  [
    'rita-missing-host-beacon/2024-04-20/http.20:00:00-21:00:00.log.gz',
    'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:71.0) Gecko/20100101 Firefox/71.0',
    { family: 'Firefox', version: '71.0', os: 'Ubuntu', tool: false },
  ],
  [
    'rita-missing-host-beacon/2024-04-21/http.00:00:00-01:00:00.log.gz',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 10_3_1 like Mac OS X) AppleWebKit/603.1.30 (KHTML, like Gecko) Version/10.0 Mobile/14E304 Safari/602.1',
    { family: 'Mobile Safari', version: '10.0', os: 'iOS 10.3.1', tool: false },
  ],
  [
    'rita-missing-host-beacon/2024-04-20/http.09:00:00-10:00:00.log.gz',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    { family: 'Mobile Chrome', version: '120.0.0.0', os: 'Android 10', tool: false },
  ],
  [
    'rita-missing-host-beacon/2024-04-20/http.13:00:00-14:00:00.log.gz',
    'Dalvik/2.1.0 (Linux; U; Android 9.0; ZTE BA520 Build/MRA58K)',
    { family: 'Dalvik', os: 'Android 9.0', tool: false },
  ],
  // Scanners glue a random number in front of a real browser string: the browser and OS still show.
  [
    'rita-missing-host-beacon/2024-04-21/http.14:00:00-15:00:00.log.gz',
    'Mozilla/5.077692140 Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko',
    { family: 'IE', version: '11.0', os: 'Windows 7', tool: false },
  ],
  // Scripting tools and libraries: a tool, and no OS where the string names none.
  ['rita-proxy-beacon/proxy/http.log.gz', 'curl/7.58.0', { family: 'curl', version: '7.58.0', tool: true }],
  [
    'rita-missing-host-beacon/2024-04-20/http.00:00:00-01:00:00.log.gz',
    'python-requests/2.25.1',
    { family: 'python-requests', version: '2.25.1', tool: true },
  ],
  [
    'slips-test-datasets/test14-malicious-zeek-dir/http.log.gz',
    'Wget/1.21.2',
    { family: 'Wget', version: '1.21.2', tool: true },
  ],
  [
    'rita-missing-host-beacon/2024-04-21/http.00:00:00-01:00:00.log.gz',
    'Go-http-client/1.1',
    { family: 'Go-http-client', version: '1.1', tool: true },
  ],
  // The beacon of the RITA data set: an unknown agent is named by its first product token.
  [
    'rita-missing-host-beacon/2024-04-21/http.13:00:00-14:00:00.log.gz',
    'Modzilla/0.0001 (Atari 7800)',
    { family: 'Modzilla', tool: false },
  ],
];

function logText(rel: string): string {
  const buf = readFileSync(sharedData('zeek', rel));
  return (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('utf8');
}

describe('user agents of the real Zeek http logs', () => {
  const parser = new UserAgentParser();

  it.each(REAL)('%s: %s', (log, ua, expected) => {
    expect(logText(log)).toContain(ua);
    expect(parser.parse(ua)).toEqual(expected);
  });

  it('names PowerShell a tool on Windows (RITA open_http.log)', () => {
    const ua = 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.16299.98';
    expect(logText('rita-json-format-samples/open_conns/open/open_http.log')).toContain(ua);
    const info = parser.parse(ua);
    expect(info).toMatchObject({ family: 'PowerShell', version: '5.1.16299.98', tool: true });
    expect(info.os).toMatch(/^Windows/);
  });

  it('answers the same for a string seen again', () => {
    const ua = REAL[0]![1];
    expect(parser.parse(ua)).toBe(parser.parse(ua));
  });
});
