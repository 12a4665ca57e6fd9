import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lineSplitter.js';

function splitter(max = 1024) {
  const lines: [number, string][] = [];
  const rejects: [number, string, string][] = [];
  const s = new LineSplitter(
    { line: (t, n) => lines.push([n, t]), reject: (n, reason, text) => rejects.push([n, reason, text]) },
    max,
  );
  return { s, lines, rejects };
}

describe('LineSplitter', () => {
  it('joins lines cut across chunks, even inside a multi-byte character', () => {
    const { s, lines } = splitter();
    const bytes = Buffer.from('one\ncafé\r\nthree');
    const cut = bytes.indexOf(0xa9); // the second byte of "é"
    s.push(bytes.subarray(0, cut));
    s.push(bytes.subarray(cut));
    expect(lines).toEqual([
      [1, 'one'],
      [2, 'café'],
    ]);
    expect(s.consumed).toBe(Buffer.byteLength('one\ncafé\r\n'));
    s.end();
    expect(lines[2]).toEqual([3, 'three']);
  });

  it('rejects binary and non-UTF-8 lines and keeps the good ones around them', () => {
    const { s, lines, rejects } = splitter();
    s.push(
      Buffer.concat([
        Buffer.from('good 1\n'),
        Buffer.from([0x00, 0x01, 0xff, 0x0a]),
        Buffer.from('bad \xe9\n', 'latin1'),
        Buffer.from('good 2\n'),
      ]),
    );
    expect(lines).toEqual([
      [1, 'good 1'],
      [4, 'good 2'],
    ]);
    expect(rejects.map(([n, reason]) => [n, reason])).toEqual([
      [2, 'binary or non-UTF-8 data'],
      [3, 'binary or non-UTF-8 data'],
    ]);
    expect(s.consumed).toBe(7 + 4 + 6 + 7);
  });

  it('rejects an over-long line arriving in many chunks without holding it', () => {
    const { s, lines, rejects } = splitter(1000);
    s.push(Buffer.from('before\nxxxx'));
    for (let i = 0; i < 100; i++) s.push(Buffer.alloc(10_000, 0x79));
    expect(s.partialBytes).toBeGreaterThan(1000);
    s.push(Buffer.from('tail\nafter\n'));
    expect(lines).toEqual([
      [1, 'before'],
      [3, 'after'],
    ]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]![0]).toBe(2);
    expect(rejects[0]![1]).toBe('line longer than 1000 bytes');
    expect(rejects[0]![2]).toBe('xxxx'.padEnd(200, 'y'));
    expect(s.consumed).toBe(7 + 4 + 1_000_000 + 5 + 6);
  });

  it('holds back a last line until its newline arrives', () => {
    const { s, lines } = splitter();
    s.push(Buffer.from('a\npart'));
    expect(lines).toEqual([[1, 'a']]);
    expect(s.consumed).toBe(2);
    s.push(Buffer.from('ial\n'));
    expect(lines).toEqual([
      [1, 'a'],
      [2, 'partial'],
    ]);
    expect(s.consumed).toBe(10);
  });
});
