import { describe, expect, it } from 'vitest';
import { isLiveLogName } from './fileIdentity.js';

describe('isLiveLogName', () => {
  it('takes the logs Zeek is writing and leaves rotated ones and process output', () => {
    expect(['conn.log', 'dns.log', 'known_hosts.log', 'conn-summary.log'].every(isLiveLogName)).toBe(true);
    expect(
      [
        'conn.2026-12-03-18-00-00.log',
        'conn.2026-12-03-18-00-00.log.gz',
        'conn.log.gz',
        'stderr.log',
        'stdout.log',
        '.status',
      ].some(isLiveLogName),
    ).toBe(false);
  });
});
