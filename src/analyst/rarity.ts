import type { Breach, Evidence } from '../models/breach.js';

const K_OF_N = /\b(\d+) of (\d+)\b/g;
/** "first connection", "first use", "never": but not "first seen 3 d ago", which says when, not that it is new. */
const FIRST_SEEN = /\bnever\b|\bfirst\b(?! seen\b)/i;

/**
 * How rare the thing a breach is about is: 1 - k/n for the rarest evidence ("1 of 412 devices" ->
 * 0.998), 1 when nothing had touched it before; undefined when the evidence gives no such numbers.
 * Evidence with structured rarity is read from its numbers; older evidence, and models that state
 * rarity in words only, from the text of the baseline ("k of n", "first"/"never").
 */
export function breachRarity(breach: Breach): number | undefined {
  let rarity: number | undefined;
  for (const ev of breach.evidence) {
    const r = ev.rarity !== undefined ? structuredRarity(ev.rarity) : textRarity(ev);
    if (r !== undefined) rarity = Math.max(rarity ?? 0, r);
  }
  return rarity;
}

function structuredRarity(r: NonNullable<Evidence['rarity']>): number | undefined {
  if (r.first) return 1;
  if (!(r.of > 0) || r.seenBy < 0 || r.seenBy > r.of) return undefined;
  return 1 - r.seenBy / r.of;
}

function textRarity(ev: Evidence): number | undefined {
  let rarity: number | undefined;
  for (const text of [ev.baseline, typeof ev.value === 'string' ? ev.value : undefined]) {
    if (text === undefined) continue;
    for (const m of text.matchAll(K_OF_N)) {
      const k = Number(m[1]);
      const n = Number(m[2]);
      if (n > 0 && k <= n) rarity = Math.max(rarity ?? 0, 1 - k / n);
    }
  }
  if (ev.baseline !== undefined && FIRST_SEEN.test(ev.baseline)) rarity = 1;
  return rarity;
}
