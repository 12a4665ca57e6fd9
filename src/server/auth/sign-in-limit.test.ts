import { describe, expect, it } from 'vitest';
import { FailedSignIns } from './sign-in-limit.js';

const limits = { perUserAndAddress: 3, perAddress: 5, windowMs: 60_000 };

describe('FailedSignIns', () => {
  it('stops one user name from one address after the allowed failures, until the window passes', () => {
    let now = 1_000_000;
    const f = new FailedSignIns(() => now, limits);
    for (let i = 0; i < 3; i++) {
      expect(f.retryAfter('192.0.2.1', 'admin')).toBe(0);
      f.failed('192.0.2.1', 'admin');
      now += 1000;
    }
    expect(f.retryAfter('192.0.2.1', 'admin')).toBe(57_000);
    expect(f.retryAfter('192.0.2.1', 'ADMIN')).toBe(57_000);
    // Another address, or another name from the same address, may still try.
    expect(f.retryAfter('192.0.2.2', 'admin')).toBe(0);
    expect(f.retryAfter('192.0.2.1', 'alice')).toBe(0);
    now += 57_000;
    expect(f.retryAfter('192.0.2.1', 'admin')).toBe(0);
  });

  it('never counts successes: signing in again and again is not limited', () => {
    const f = new FailedSignIns(() => 5, limits);
    for (let i = 0; i < 50; i++) f.succeeded('192.0.2.1', 'admin');
    expect(f.retryAfter('192.0.2.1', 'admin')).toBe(0);
  });

  it('a success clears that user\u2019s failures from that address', () => {
    const f = new FailedSignIns(() => 5, limits);
    f.failed('192.0.2.1', 'admin');
    f.failed('192.0.2.1', 'admin');
    f.succeeded('192.0.2.1', 'admin');
    f.failed('192.0.2.1', 'admin');
    f.failed('192.0.2.1', 'admin');
    expect(f.retryAfter('192.0.2.1', 'admin')).toBe(0);
  });

  it('stops an address spraying many user names', () => {
    const f = new FailedSignIns(() => 5, limits);
    for (const u of ['a', 'b', 'c', 'd', 'e']) f.failed('192.0.2.9', u);
    expect(f.retryAfter('192.0.2.9', 'f')).toBeGreaterThan(0);
    expect(f.retryAfter('192.0.2.10', 'f')).toBe(0);
  });
});
