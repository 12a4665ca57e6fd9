import { readFileSync } from 'node:fs';

/**
 * A sorted table of inclusive address ranges with a value index per range, searched by binary
 * search. IPv4 ranges use 32-bit numbers; IPv6 ranges use the high 64 bits only, which is exact for
 * every allocation in the shipped databases (none is finer than a /64).
 */
export class RangeTable<V> {
  constructor(
    private readonly starts: Float64Array | BigUint64Array,
    private readonly ends: Float64Array | BigUint64Array,
    private readonly valueIdx: Uint32Array,
    private readonly values: V[],
  ) {}

  get size(): number {
    return this.valueIdx.length;
  }

  lookup(key: number | bigint): V | undefined {
    const starts = this.starts as unknown as ArrayLike<number | bigint>;
    let lo = 0;
    let hi = this.valueIdx.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= key) lo = mid + 1;
      else hi = mid - 1;
    }
    if (hi < 0) return undefined;
    const ends = this.ends as unknown as ArrayLike<number | bigint>;
    return key <= ends[hi]! ? this.values[this.valueIdx[hi]!] : undefined;
  }
}

/**
 * Load a `start,end,value[,value2]` CSV with numeric starts and ends (the ip-location-db "-num"
 * files). `toValue` turns the rest of the line into a value; equal values share one object.
 */
export function loadNumericRangeCsv<V>(path: string, family: 4 | 6, toValue: (rest: string) => V): RangeTable<V> {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const n = lines.length;
  const starts = family === 4 ? new Float64Array(n) : new BigUint64Array(n);
  const ends = family === 4 ? new Float64Array(n) : new BigUint64Array(n);
  const idx = new Uint32Array(n);
  const values: V[] = [];
  const seen = new Map<string, number>();
  const shift = 64n;
  let count = 0;
  for (const line of lines) {
    if (line.length === 0) continue;
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    if (c1 < 0 || c2 < 0) continue;
    const rest = line.slice(c2 + 1);
    let vi = seen.get(rest);
    if (vi === undefined) {
      vi = values.length;
      values.push(toValue(rest));
      seen.set(rest, vi);
    }
    if (family === 4) {
      (starts as Float64Array)[count] = Number(line.slice(0, c1));
      (ends as Float64Array)[count] = Number(line.slice(c1 + 1, c2));
    } else {
      (starts as BigUint64Array)[count] = BigInt(line.slice(0, c1)) >> shift;
      (ends as BigUint64Array)[count] = BigInt(line.slice(c1 + 1, c2)) >> shift;
    }
    idx[count] = vi;
    count++;
  }
  return new RangeTable(starts.subarray(0, count), ends.subarray(0, count), idx.subarray(0, count), values);
}
