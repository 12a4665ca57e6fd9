import { describe, expect, it } from 'vitest';
import { unescapeZeek } from './escape.js';

describe('unescapeZeek', () => {
  it('leaves plain values alone', () => {
    expect(unescapeZeek('www.example.com')).toBe('www.example.com');
  });

  it('decodes escaped separators and control bytes', () => {
    expect(unescapeZeek('a\\x09b\\x2cc')).toBe('a\tb,c');
    expect(unescapeZeek('\\x2d')).toBe('-');
  });

  it('decodes a run of escaped bytes as UTF-8', () => {
    expect(unescapeZeek('caf\\xc3\\xa9 ok')).toBe('café ok');
  });

  it('decodes an escaped backslash and keeps a lone one', () => {
    expect(unescapeZeek('O=Acme\\\\, Inc')).toBe('O=Acme\\, Inc');
    expect(unescapeZeek('C:\\temp')).toBe('C:\\temp');
    expect(unescapeZeek('bad \\xZZ')).toBe('bad \\xZZ');
  });
});
