import { describe, expect, it } from 'vitest';
import { compileSearch, compileTopValues, compileWhere } from './compile.js';
import { SearchRequestError } from './request.js';

describe('compile', () => {
  it('binds every value as a parameter, never as SQL text', () => {
    const hostile = "x'); DROP TABLE events; --";
    for (const dialect of ['sqlite', 'duckdb'] as const) {
      const w = compileWhere(
        { query: `host:"${hostile}" OR uri:"${hostile}" OR uri:x';DROP--* OR "${hostile}"` },
        dialect,
      );
      expect(w.sql).not.toContain('DROP');
      // host: matches in any case, so its value is bound lower-cased; uri: keeps its case.
      expect(w.params).toContain(hostile.toLowerCase());
      expect(w.params).toContain(hostile);
    }
  });

  it('uses hot columns where there are some and the event JSON otherwise', () => {
    expect(compileWhere({ query: 'dst:1.2.3.4' }, 'sqlite').sql).toBe('(dst = ?)');
    expect(compileWhere({ query: 'remote.country:RU' }, 'sqlite').sql).toBe('(lower(remote_country) = ?)');
    expect(compileWhere({ query: 'ua.family:curl' }, 'sqlite')).toEqual({
      sql: "(instr(json, ?) > 0 AND json_extract(json, '$.ua.family') = ?)",
      params: ['"curl"', 'curl'],
    });
    expect(compileWhere({ query: 'ua.family:curl' }, 'duckdb').sql).toBe(
      "(contains(json, ?) AND json_extract_string(json, '$.ua.family') = ?)",
    );
  });

  it('adds the time range and paging', () => {
    const c = compileSearch({ query: 'kind:net.conn', from: 10, to: 20, limit: 5, offset: 10 }, 'duckdb');
    expect(c.page.params).toEqual([10, 20, 'net.conn', 5, 10]);
    expect(c.count.params).toEqual([10, 20, 'net.conn']);
    expect(compileSearch({ limit: 1e9 }, 'sqlite').page.params).toEqual([10_000, 0]);
  });

  it('translates wildcards for each dialect, escaping the other special characters', () => {
    expect(compileWhere({ query: 'uri:/a_b%*' }, 'duckdb').params).toEqual(['/a\\_b\\%%']);
    expect(compileWhere({ query: 'uri:/a[b*' }, 'sqlite').params).toEqual(['/a[[]b*']);
  });

  it('refuses unknown and list sort fields and unknown top-value fields', () => {
    expect(() => compileSearch({ sort: { field: 'nope' } }, 'sqlite')).toThrow(SearchRequestError);
    expect(() => compileSearch({ sort: { field: 'answers' } }, 'sqlite')).toThrow(SearchRequestError);
    expect(() => compileTopValues({ field: 'nope', limit: 5 }, 'duckdb')).toThrow(SearchRequestError);
  });
});
