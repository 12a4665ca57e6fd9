import { describe, expect, it } from 'vitest';
import { secondsToMillis } from './fieldReader.js';

describe('secondsToMillis', () => {
  it('truncates microseconds like Date.parse, despite binary rounding', () => {
    expect(secondsToMillis(1700000000.123)).toBe(1700000000123);
    expect(secondsToMillis(1521911774.382999)).toBe(1521911774382);
    expect(secondsToMillis(1521911774.383001)).toBe(1521911774383);
    expect(secondsToMillis(19.981745)).toBe(19981);
  });
});
