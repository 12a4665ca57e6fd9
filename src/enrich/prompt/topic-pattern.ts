/**
 * A request described by its structure instead of fixed wording: one word from each group (a bulk
 * quantifier, a sensitive data area, a collection verb ...) close together in one sentence, in any
 * order. "Pull every accounting spreadsheet into one zip" and "dump the salary sheet for everyone"
 * share no phrase but the same structure, which is what a policy cares about.
 */
export interface TopicPattern {
  /**
   * Word groups that must all be present, each through a different word. A word matches whole and
   * case-insensitively; a trailing `*` makes it a prefix (`export*` → exporting); several words
   * ("api key*") match consecutive words.
   */
  allOf: string[][];
  /** The matched words must all fall within this many consecutive words of one sentence. Default 8. */
  within?: number;
  /** Words that cancel a match when they sit inside it ("my" in "find my saved passwords"). */
  unless?: string[];
}

/** A word of the scanned text, lower-cased, with its sentence number. */
export interface Token {
  word: string;
  start: number;
  end: number;
  sentence: number;
}

interface WordMatcher {
  word: string;
  prefix: boolean;
}

/** One group's entry, indexed under its first word: the group it stands for and the words after. */
interface Entry {
  /** Position of the group across all patterns of the index. */
  slot: number;
  /** Further words of a multi-word entry. */
  rest: WordMatcher[];
}

interface IndexedPattern {
  /** Slot of each group. */
  slots: number[];
  within: number;
  unless: Set<string>;
}

const DEFAULT_WITHIN = 8;
/** Prefixes are looked up by their first letters; shorter prefixes are checked one by one. */
const PREFIX_KEY = 3;

/**
 * Many patterns compiled together: every word of every group sits in one index, so a scan looks
 * each word of the text up once, whatever the number of patterns, and most words (matching
 * nothing) cost two map lookups.
 */
export class PatternIndex {
  private readonly exact = new Map<string, Entry[]>();
  private readonly prefixes = new Map<string, { prefix: string; entry: Entry }[]>();
  private readonly shortPrefixes: { prefix: string; entry: Entry }[] = [];
  private readonly patterns: IndexedPattern[] = [];
  private slotCount = 0;

  constructor(patterns: readonly TopicPattern[]) {
    for (const p of patterns) {
      const slots: number[] = [];
      for (const group of p.allOf) {
        const slot = this.slotCount++;
        slots.push(slot);
        for (const text of group) this.add(text, slot);
      }
      this.patterns.push({
        slots,
        within: p.within ?? DEFAULT_WITHIN,
        unless: new Set((p.unless ?? []).map((w) => w.toLowerCase())),
      });
    }
  }

  private add(text: string, slot: number): void {
    const words = text.toLowerCase().trim().split(/\s+/).filter(Boolean).map(wordMatcher);
    if (words.length === 0) return;
    const first = words[0]!;
    const entry: Entry = { slot, rest: words.slice(1) };
    if (!first.prefix) push(this.exact, first.word, entry);
    else if (first.word.length < PREFIX_KEY) this.shortPrefixes.push({ prefix: first.word, entry });
    else push(this.prefixes, first.word.slice(0, PREFIX_KEY), { prefix: first.word, entry });
  }

  /** For each pattern (in the order given), the spans where it matches, left to right. */
  match(tokens: readonly Token[]): [number, number][][] {
    const hits: number[][] = Array.from({ length: this.slotCount }, () => []);
    const seen = (slot: number, i: number) => {
      const h = hits[slot]!;
      if (h[h.length - 1] !== i) h.push(i);
    };
    for (let i = 0; i < tokens.length; i++) {
      const w = tokens[i]!.word;
      for (const e of this.exact.get(w) ?? NONE) if (restMatches(e, tokens, i)) seen(e.slot, i);
      if (w.length >= PREFIX_KEY)
        for (const p of this.prefixes.get(w.slice(0, PREFIX_KEY)) ?? NO_PREFIX)
          if (w.startsWith(p.prefix) && restMatches(p.entry, tokens, i)) seen(p.entry.slot, i);
      for (const p of this.shortPrefixes)
        if (w.startsWith(p.prefix) && restMatches(p.entry, tokens, i)) seen(p.entry.slot, i);
    }
    return this.patterns.map((p) => matchOne(p, hits, tokens));
  }
}

const NONE: Entry[] = [];
const NO_PREFIX: { prefix: string; entry: Entry }[] = [];

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [v]);
  else list.push(v);
}

function wordMatcher(w: string): WordMatcher {
  const normal = w.replace(/’/g, "'");
  return normal.endsWith('*') ? { word: normal.slice(0, -1), prefix: true } : { word: normal, prefix: false };
}

/** The words after an entry's first word follow token i in the same sentence. */
function restMatches(e: Entry, tokens: readonly Token[], i: number): boolean {
  if (e.rest.length === 0) return true;
  if (i + e.rest.length >= tokens.length) return false;
  const sentence = tokens[i]!.sentence;
  for (let k = 0; k < e.rest.length; k++) {
    const t = tokens[i + 1 + k]!;
    const m = e.rest[k]!;
    if (t.sentence !== sentence || !(m.prefix ? t.word.startsWith(m.word) : t.word === m.word)) return false;
  }
  return true;
}

/**
 * The words of a text and the sentence each is in. A word is a run of letters and digits, with
 * inner apostrophes ("team's"); `. ! ? ; :` and line breaks end a sentence. A character loop with
 * an ASCII fast path: this runs on every prompt, and a Unicode-property regex costs several times
 * more.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let sentence = 0;
  const n = text.length;
  // One lower-casing for the whole text; per word only where it would change the length (rare letters such as İ).
  let lower = text.toLowerCase();
  if (lower.includes('’')) lower = lower.replace(/’/g, "'");
  const sameLength = lower.length === n;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordChar(text, i, c)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isWordChar(text, i, d)) i++;
        else if ((d === 39 || d === 0x2019) && i + 1 < n && isWordChar(text, i + 1, text.charCodeAt(i + 1))) i += 2;
        else break;
      }
      const word = sameLength ? lower.slice(start, i) : text.slice(start, i).toLowerCase().replace(/’/g, "'");
      out.push({ word, start, end: i, sentence });
      continue;
    }
    // . ! ? ; : and line feed
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 10) sentence++;
    i++;
  }
  return out;
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

function isWordChar(text: string, i: number, c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return NON_ASCII_WORD.test(text[i]!);
}

/** Spans where one pattern matches, left to right, not overlapping. */
function matchOne(p: IndexedPattern, allHits: number[][], tokens: readonly Token[]): [number, number][] {
  const hits = p.slots.map((s) => allHits[s]!);
  // Most prompts miss a group and stop here.
  if (hits.some((h) => h.length === 0)) return [];
  const out: [number, number][] = [];
  for (let first = 0; first < tokens.length; first++) {
    const chosen: number[] = [];
    if (!assign(hits, 0, first, first + p.within - 1, tokens[first]!.sentence, tokens, chosen)) continue;
    let lo = chosen[0]!;
    let hi = lo;
    for (const c of chosen) {
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
    if (cancelled(p, tokens, lo, hi)) continue;
    out.push([tokens[lo]!.start, tokens[hi]!.end]);
    // Matches do not overlap: the next one starts after this one.
    first = hi;
  }
  return out;
}

/** Picks a distinct token in [lo, hi] of one sentence for each group from `g` on (backtracking; groups are few). */
function assign(
  hits: number[][],
  g: number,
  lo: number,
  hi: number,
  sentence: number,
  tokens: readonly Token[],
  chosen: number[],
): boolean {
  if (g === hits.length) return true;
  for (const i of hits[g]!) {
    if (i < lo) continue;
    if (i > hi || tokens[i]!.sentence !== sentence) break;
    if (chosen.includes(i)) continue;
    chosen.push(i);
    if (assign(hits, g + 1, lo, hi, sentence, tokens, chosen)) return true;
    chosen.pop();
  }
  return false;
}

function cancelled(p: IndexedPattern, tokens: readonly Token[], lo: number, hi: number): boolean {
  if (p.unless.size === 0) return false;
  for (let i = lo; i <= hi; i++) if (p.unless.has(tokens[i]!.word)) return true;
  return false;
}
