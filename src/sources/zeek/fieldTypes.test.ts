import { describe, expect, it } from 'vitest';
import { declaredTypeFits, typeContradictions } from './fieldTypes.js';

describe('Zeek #types against what a mapping reads', () => {
  it('fits a type only to types written the same way', () => {
    expect(declaredTypeFits('time', 'time')).toBe(true);
    expect(declaredTypeFits('time', 'double')).toBe(false);
    expect(declaredTypeFits('time', 'string')).toBe(false);
    expect(declaredTypeFits('interval', 'double')).toBe(true);
    expect(declaredTypeFits('count', 'int')).toBe(true);
    expect(declaredTypeFits('count', 'string')).toBe(false);
    expect(declaredTypeFits('port', 'count')).toBe(true);
    expect(declaredTypeFits('addr', 'addr')).toBe(true);
    expect(declaredTypeFits('addr', 'subnet')).toBe(false);
    expect(declaredTypeFits('string', 'enum')).toBe(true);
    expect(declaredTypeFits('bool', 'count')).toBe(false);
  });

  it('fits sets and vectors to each other by their items, never to a scalar', () => {
    expect(declaredTypeFits('vector[string]', 'set[string]')).toBe(true);
    expect(declaredTypeFits('set[addr]', 'vector[addr]')).toBe(true);
    expect(declaredTypeFits('set[addr]', 'set[string]')).toBe(false);
    expect(declaredTypeFits('vector[string]', 'string')).toBe(false);
    expect(declaredTypeFits('string', 'vector[string]')).toBe(false);
    expect(declaredTypeFits('vector[string]', 'table[string]')).toBe(false);
  });

  it('names each field read whose declared type contradicts, and skips fields it does not read', () => {
    const mapping = { fields: ['ts', 'uid', 'orig_bytes'], types: ['time', 'string', 'count'] } as const;
    expect(typeContradictions(mapping, ['ts', 'label', 'orig_bytes'], ['time', 'count', 'count'])).toEqual([]);
    expect(typeContradictions(mapping, ['orig_bytes', 'ts'], ['string', 'time'])).toEqual([
      'orig_bytes declared string, read as count',
    ]);
    expect(typeContradictions(mapping, ['ts', 'uid'], ['time'])).toEqual(['1 types for 2 fields']);
  });
});
