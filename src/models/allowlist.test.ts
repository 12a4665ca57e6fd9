import { describe, expect, it } from 'vitest';
import { AllowList } from './allowlist.js';

describe('AllowList', () => {
  const list = new AllowList([' Backup01 ', '*.vendor-cloud.com', '10.20.0.0/16', '2001:db8::/32', 'tag:Lab', '']);

  it('matches exact ids in any case, a domain with its subdomains, IP ranges and tags', () => {
    expect(list.matches('backup01')).toBe(true);
    expect(list.matches('BACKUP01')).toBe(true);
    expect(list.matches('backup02')).toBe(false);
    expect(list.matches('vendor-cloud.com')).toBe(true);
    expect(list.matches('sync.eu.vendor-cloud.com')).toBe(true);
    expect(list.matches('evilvendor-cloud.com')).toBe(false);
    expect(list.matches('vendor-cloud.com.evil.net')).toBe(false);
    expect(list.matches('10.20.3.4')).toBe(true);
    expect(list.matches('10.21.3.4')).toBe(false);
    expect(list.matches('2001:db8::5')).toBe(true);
    expect(list.matches('laptop-7', ['lab'])).toBe(true);
    expect(list.matches('laptop-7', ['office'])).toBe(false);
  });

  it('is empty without entries', () => {
    expect(new AllowList([' ', '']).empty).toBe(true);
    expect(list.empty).toBe(false);
  });
});
