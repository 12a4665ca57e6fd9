import type { Breach } from '../models/breach.js';

const K_OF_N = /\b(\d+) of (\d+)\b/g;
const FIRST_SEEN = /\b(first|never)\b/i;

/**
 * How rare the thing a breach is about is, from the numbers its evidence states: 1 - k/n for the
 * smallest "k of n" ("1 of 412 devices" -> 0.998), 1 for "first seen" / "never"; undefined when the
 * evidence gives no such numbers.
 */
export function breachRarity(breach: Breach): number | undefined {
  let rarity: number | undefined;
  for (const ev of breach.evidence) {
    for (const text of [ev.baseline, typeof ev.value === 'string' ? ev.value : undefined]) {
      if (text === undefined) continue;
      for (const m of text.matchAll(K_OF_N)) {
        const k = Number(m[1]);
        const n = Number(m[2]);
        if (n > 0 && k <= n) rarity = Math.max(rarity ?? 0, 1 - k / n);
      }
      if (ev.baseline !== undefined && text === ev.baseline && FIRST_SEEN.test(text)) rarity = 1;
    }
  }
  return rarity;
}
