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

interface WordMatcher {
  word: string;
  prefix: boolean;
}

interface CompiledGroup {
  single: Set<string>;
  prefixes: string[];
  /** Multi-word entries. */
  runs: WordMatcher[][];
}

export interface CompiledPattern {
  groups: CompiledGroup[];
  within: number;
  unless: Set<string>;
}

/** A word of the scanned text, lower-cased, with its sentence number. */
export interface Token {
  word: string;
  start: number;
  end: number;
  sentence: number;
}

const DEFAULT_WITHIN = 8;
/** Words (letters and digits, with inner apostrophes: "team's") and sentence ends. */
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[.!?;:\n]/gu;

export function compilePattern(p: TopicPattern): CompiledPattern {
  const groups = p.allOf.map((words) => {
    const g: CompiledGroup = { single: new Set(), prefixes: [], runs: [] };
    for (const entry of words) {
      const parts = entry.toLowerCase().trim().split(/\s+/).filter(Boolean).map(wordMatcher);
      if (parts.length === 1) {
        const w = parts[0]!;
        if (w.prefix) g.prefixes.push(w.word);
        else g.single.add(w.word);
      } else if (parts.length > 1) g.runs.push(parts);
    }
    return g;
  });
  return {
    groups,
    within: p.within ?? DEFAULT_WITHIN,
    unless: new Set((p.unless ?? []).map((w) => w.toLowerCase())),
  };
}

function wordMatcher(w: string): WordMatcher {
  const normal = w.replace(/’/g, "'");
  return normal.endsWith('*') ? { word: normal.slice(0, -1), prefix: true } : { word: normal, prefix: false };
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let sentence = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const s = m[0];
    if (s.length === 1 && '.!?;:\n'.includes(s)) {
      sentence++;
      continue;
    }
    out.push({ word: s.toLowerCase().replace(/’/g, "'"), start: m.index, end: m.index + s.length, sentence });
  }
  return out;
}

function wordIs(m: WordMatcher, word: string): boolean {
  return m.prefix ? word.startsWith(m.word) : word === m.word;
}

/** Whether token i starts a match of the group. */
function groupAt(g: CompiledGroup, tokens: readonly Token[], i: number): boolean {
  const w = tokens[i]!.word;
  if (g.single.has(w)) return true;
  for (const p of g.prefixes) if (w.startsWith(p)) return true;
  for (const run of g.runs) {
    if (i + run.length > tokens.length) continue;
    let ok = true;
    for (let k = 0; k < run.length && ok; k++) {
      const t = tokens[i + k]!;
      ok = t.sentence === tokens[i]!.sentence && wordIs(run[k]!, t.word);
    }
    if (ok) return true;
  }
  return false;
}

/**
 * Spans (UTF-16 offsets, end exclusive) where the pattern matches, left to right, not overlapping.
 */
export function matchPattern(p: CompiledPattern, tokens: readonly Token[]): [number, number][] {
  const n = p.groups.length;
  if (n === 0 || tokens.length === 0) return [];
  // hits[g] = token indices where group g matches; most prompts miss a group and stop here.
  const hits: number[][] = [];
  for (const g of p.groups) {
    const h: number[] = [];
    for (let i = 0; i < tokens.length; i++) if (groupAt(g, tokens, i)) h.push(i);
    if (h.length === 0) return [];
    hits.push(h);
  }
  const out: [number, number][] = [];
  for (let first = 0; first < tokens.length; first++) {
    const last = first + p.within - 1;
    const chosen: number[] = [];
    if (!assign(hits, 0, first, last, tokens[first]!.sentence, tokens, chosen)) continue;
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

function cancelled(p: CompiledPattern, tokens: readonly Token[], lo: number, hi: number): boolean {
  if (p.unless.size === 0) return false;
  for (let i = lo; i <= hi; i++) if (p.unless.has(tokens[i]!.word)) return true;
  return false;
}
