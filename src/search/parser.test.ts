import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError } from './parser.js';

function errorOf(q: string): QueryError {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QueryError) return err;
    throw err;
  }
  throw new Error(`no error for ${q}`);
}

describe('parseQuery', () => {
  it('returns undefined for a blank query', () => {
    expect(parseQuery('   ')).toBeUndefined();
  });

  it('parses field:value with its position and typed value', () => {
    expect(parseQuery('dst:203.0.113.9')).toEqual({
      type: 'match',
      field: 'dst',
      value: '203.0.113.9',
      start: 0,
      end: 15,
    });
    expect(parseQuery('dstPort:443')).toMatchObject({ value: 443 });
    expect(parseQuery('success:FALSE')).toMatchObject({ value: false });
    expect(parseQuery('src:fe80::1')).toMatchObject({ field: 'src', value: 'fe80::1' });
    expect(parseQuery('remote.country:RU')).toMatchObject({ field: 'remote.country', value: 'RU' });
  });

  it('parses quoted phrases, for a field and as full text, with escapes', () => {
    expect(parseQuery('validationStatus:"self signed certificate"')).toMatchObject({
      type: 'match',
      value: 'self signed certificate',
    });
    expect(parseQuery('"say \\"hi\\""')).toEqual({
      type: 'text',
      phrase: true,
      parts: [{ kind: 'text', text: 'say "hi"' }],
      start: 0,
      end: 12,
    });
  });

  it('parses wildcards and escaped wildcard characters', () => {
    expect(parseQuery('host:*.example.?om')).toMatchObject({
      pattern: [{ kind: 'any' }, { kind: 'text', text: '.example.' }, { kind: 'one' }, { kind: 'text', text: 'om' }],
    });
    expect(parseQuery('uri:/a\\*b')).toEqual({ type: 'match', field: 'uri', value: '/a*b', start: 0, end: 9 });
    expect(parseQuery('power*')).toMatchObject({
      type: 'text',
      parts: [{ kind: 'text', text: 'power' }, { kind: 'any' }],
    });
  });

  it('parses numeric comparisons and ranges, inclusive, exclusive and open', () => {
    expect(parseQuery('bytesOut:>1000000')).toMatchObject({ type: 'range', lower: 1_000_000, lowerInclusive: false });
    expect(parseQuery('bytesOut:>=5')).toMatchObject({ lower: 5, lowerInclusive: true });
    expect(parseQuery('duration:<0.5')).toMatchObject({ upper: 0.5, upperInclusive: false });
    expect(parseQuery('duration:<=2')).toMatchObject({ upper: 2, upperInclusive: true });
    expect(parseQuery('dstPort:[1000 TO 2000]')).toMatchObject({
      lower: 1000,
      upper: 2000,
      lowerInclusive: true,
      upperInclusive: true,
    });
    expect(parseQuery('dstPort:{1000 TO 2000}')).toMatchObject({ lowerInclusive: false, upperInclusive: false });
    const open = parseQuery('dstPort:[1024 TO *]');
    expect(open).toMatchObject({ lower: 1024 });
    expect(open).not.toHaveProperty('upper');
  });

  it('reads a date as the whole UTC day and a date-time as an instant', () => {
    const d1 = Date.UTC(2026, 2, 1);
    const d3 = Date.UTC(2026, 2, 3);
    expect(parseQuery('time:[2026-03-01 TO 2026-03-02]')).toMatchObject({
      lower: d1,
      upper: d3,
      upperInclusive: false,
    });
    expect(parseQuery('time:2026-03-01')).toMatchObject({ type: 'match', value: d1, until: d1 + 86_400_000 });
    expect(parseQuery('time:>2026-03-01')).toMatchObject({ lower: d1 + 86_400_000, lowerInclusive: true });
    expect(parseQuery('time:>=2026-03-01T10:30:00Z')).toMatchObject({ lower: Date.UTC(2026, 2, 1, 10, 30) });
    expect(parseQuery('time:<2026-03-01T10:30+02:00')).toMatchObject({ upper: Date.UTC(2026, 2, 1, 8, 30) });
  });

  it('parses AND, OR, NOT, minus, implicit AND and parentheses with precedence', () => {
    const q = parseQuery('kind:net.http method:POST OR NOT (dstPort:80 AND -host:x)');
    expect(q).toMatchObject({
      type: 'or',
      children: [
        { type: 'and', children: [{ field: 'kind' }, { field: 'method' }] },
        {
          type: 'not',
          child: { type: 'and', children: [{ field: 'dstPort' }, { type: 'not', child: { field: 'host' } }] },
        },
      ],
    });
    expect(parseQuery('a AND b')).toMatchObject({ type: 'and', children: [{ type: 'text' }, { type: 'text' }] });
  });

  it('reads field:( … ) as values of that field, joined as anywhere else', () => {
    expect(parseQuery('dstPort:(80 OR 443)')).toMatchObject({
      type: 'or',
      children: [
        { type: 'match', field: 'dstPort', value: 80 },
        { type: 'match', field: 'dstPort', value: 443 },
      ],
    });
    expect(parseQuery('host:(*.top "a b" OR NOT example.com) kind:net.http')).toMatchObject({
      type: 'and',
      children: [
        {
          type: 'or',
          children: [
            {
              type: 'and',
              children: [{ field: 'host', pattern: [{ kind: 'any' }, { text: '.top' }] }, { value: 'a b' }],
            },
            { type: 'not', child: { field: 'host', value: 'example.com' } },
          ],
        },
        { field: 'kind', value: 'net.http' },
      ],
    });
    expect(parseQuery('bytesOut:(>1000000 OR [10 TO 20])')).toMatchObject({
      type: 'or',
      children: [
        { type: 'range', field: 'bytesOut', lower: 1_000_000 },
        { type: 'range', field: 'bytesOut', lower: 10, upper: 20 },
      ],
    });
    // Values keep their colons (IPv6, URLs), and groups nest.
    expect(parseQuery('src:(fe80::1 OR (10.0.0.1))')).toMatchObject({
      children: [
        { field: 'src', value: 'fe80::1' },
        { field: 'src', value: '10.0.0.1' },
      ],
    });
  });

  it('treats lower-case and/or as words', () => {
    expect(parseQuery('rock and roll')).toMatchObject({
      type: 'and',
      children: [{}, { parts: [{ text: 'and' }] }, {}],
    });
  });

  it.each([
    ['kind:net.conn AND nope:1', 18, "Unknown field 'nope'"],
    ['(kind:net.conn', 0, "Missing ')'"],
    ['kind:net.conn)', 13, "Unexpected ')'"],
    ['"open phrase', 0, 'Unterminated quote'],
    ['dst:', 4, "Missing value after 'dst:'"],
    ['bytesOut:>abc', 10, "Expected a number for 'bytesOut'"],
    ['dstPort:[1 2]', 11, "Expected 'TO'"],
    ['dstPort:[1 TO 2', 15, "Expected ']'"],
    ['dstPort:[5 TO 1]', 9, 'lower bound is above'],
    ['host:[a TO b]', 6, 'Ranges need a number or time field'],
    ['time:2026-02-30', 5, 'Invalid date'],
    ['time:yesterday', 5, 'Expected a time'],
    ['success:maybe', 8, 'Expected true or false'],
    ['dstPort:4*', 8, 'Wildcards need a text field'],
    ['kind:net.conn AND', 17, "Missing term after 'AND'"],
    ['OR kind:net.conn', 0, "Unexpected 'OR'"],
    ['NOT', 3, 'Missing term after NOT'],
    ['()', 0, 'Empty parentheses'],
    ['dstPort:()', 8, 'Empty value group'],
    ['dstPort:(80 OR 443', 8, "Missing ')' for the '(' opened after 'dstPort:'"],
    ['dstPort:(80 OR http)', 15, "Expected a number for 'dstPort'"],
    ['dstPort:(OR 80)', 9, "Unexpected 'OR'"],
  ])('reports %s at position %i', (q, position, message) => {
    const err = errorOf(q);
    expect(err.position).toBe(position);
    expect(err.message).toContain(message);
    expect(err.message).toContain(`at position ${position}`);
  });
});
