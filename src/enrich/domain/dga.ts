import { getDomainWithoutSuffix } from 'tldts';
import weightsJson from '../../../data/dga/weights.json' with { type: 'json' };
import { CharModel, type DgaWeights } from './dga-train.js';

/**
 * How much a domain name looks machine-generated (DGA), 0..1, with the reason.
 *
 * Two views, the higher wins:
 * - likelihood: the label's mean per-character log-likelihood under a character trigram model of
 *   real benign names (data/dga/weights.json), placed against the benign corpus's own quantiles:
 *   at the 5th percentile it scores 0.5, at the 1st about 0.75, and lower still towards 1;
 * - shapes of known DGA families: long hex or base32 runs (hash-seeded families), digit-letter
 *   soup, long consonant runs, and the "pronounceable" consonant-vowel families such as Simda,
 *   whose labels alternate consonant and `y`/vowel with the rare letters x, q, z, j, v, w, k.
 *   Ordinary words take the pronounceable shapes too (polygon, babylon, ladybug), so those shapes
 *   count only for a label that is also unlikely as a name: below the benign 1st percentile, or
 *   below the benign median while holding one of the rare letters those families favour.
 * Labels shorter than MIN_LABEL are too short to judge and score 0.
 *
 * Digits are rare in the benign corpus, so every digit costs a name much likelihood, and names
 * built of words and a version or number token (office365, openh264, scene7, prusa3d) would look
 * generated. A label with at most MAX_DIGIT_RUNS runs of digits is therefore also read as its
 * letter runs alone, and the likelier reading counts; random letters stay unlikely either way, and
 * digits scattered through a label (hash- or soup-seeded families) keep their own shapes below.
 */

export interface DgaVerdict {
  score: number;
  /** The label judged (left of the public suffix, last label only). */
  label: string;
  /** Mean log2-likelihood per character under the benign model. */
  log2PerChar: number;
  reason: string;
}

export const MIN_LABEL = 6;

const weights = weightsJson as unknown as DgaWeights;
const model = new CharModel(weights);
const { p01, p05, p50 } = weights.calibration;

const HEXISH = /^[0-9a-f]{12,}$/;
const BASE32ISH = /^[a-z2-7]{20,}$/;
const CONSONANT_RUN = /[bcdfghjklmnpqrstvwxz]{5,}/;
const DIGITS = /\d/g;
const CV_ALTERNATING = /^(?:[bcdfghjklmnpqrstvwxz][aeiouy]){3,}[bcdfghjklmnpqrstvwxz]?$/;
const RARE_LETTERS = /[xqzjvwk]/g;
/** Simda's generator: seven letters, consonant-vowel-consonant, `y`, consonant-vowel-consonant. */
const SIMDA =
  /^[bcdfghjklmnpqrstvwxz][aeiou][bcdfghjklmnpqrstvwxz]y[bcdfghjklmnpqrstvwxz][aeiou][bcdfghjklmnpqrstvwxz]$/;

const DIGIT_RUN = /\d+/;
const DIGIT_RUNS = /\d+/g;
const MAX_DIGIT_RUNS = 2;
/** Letter runs shorter than this (the i of i18n) say nothing about how name-like a label is. */
const MIN_LETTER_RUN = 2;

const cache = new Map<string, DgaVerdict>();
const CACHE_LIMIT = 100_000;

/** Judge a host or registrable domain name. Cached per name: networks repeat names constantly. */
export function dgaScore(name: string): DgaVerdict {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const v = judge(name);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, v);
  return v;
}

function judge(name: string): DgaVerdict {
  const full = getDomainWithoutSuffix(name.toLowerCase()) ?? name.toLowerCase();
  const label = full.slice(full.lastIndexOf('.') + 1);
  if (label.length < MIN_LABEL) return { score: 0, label, log2PerChar: 0, reason: 'too short to judge' };
  const lp = Math.max(model.meanLog2(label), lettersLog2(label));
  // Map the calibrated quantiles to scores: p05 -> 0.5, p01 -> ~0.75, far below -> 1.
  const step = Math.max(0.05, p05 - p01);
  let score = 1 / (1 + Math.exp(-(p05 - lp) / (step / 1.1)));
  let reason = `character likelihood ${lp.toFixed(2)} bits/char (benign 5th percentile ${p05})`;
  const shape = knownShape(label, lp);
  if (shape !== undefined && shape.score > score) {
    score = shape.score;
    reason = shape.reason;
  }
  return { score, label, log2PerChar: lp, reason };
}

/** Mean log2-likelihood per character of the label's letter runs, weighted by length; -Infinity when not applicable. */
function lettersLog2(label: string): number {
  const runs = label.split(DIGIT_RUN);
  if (runs.length < 2 || runs.length - 1 > MAX_DIGIT_RUNS) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  let chars = 0;
  for (const run of runs) {
    if (run.length < MIN_LETTER_RUN) continue;
    sum += model.meanLog2(run) * (run.length + 1);
    chars += run.length + 1;
  }
  return chars === 0 ? Number.NEGATIVE_INFINITY : sum / chars;
}

function knownShape(label: string, lp: number): { score: number; reason: string } | undefined {
  if (HEXISH.test(label)) return { score: 0.9, reason: 'long hexadecimal label (hash-seeded DGA)' };
  if (BASE32ISH.test(label) && (label.match(DIGITS)?.length ?? 0) >= 2) {
    return { score: 0.85, reason: 'long base32-like label' };
  }
  const digits = label.match(DIGITS)?.length ?? 0;
  // Scattered: more runs than a name's number token has (microsoft365 is a word and a number).
  const scattered = (label.match(DIGIT_RUNS)?.length ?? 0) > MAX_DIGIT_RUNS;
  if (label.length >= 10 && scattered && digits >= 3 && digits / label.length >= 0.25 && /[a-z]/.test(label)) {
    return { score: 0.8, reason: 'digits scattered through letters' };
  }
  if (CONSONANT_RUN.test(label) && label.length >= 10) return { score: 0.75, reason: 'long consonant run' };
  const rare = label.match(RARE_LETTERS)?.length ?? 0;
  if (lp >= p01 && (rare === 0 || lp >= p50)) return undefined;
  if (SIMDA.test(label))
    return { score: 0.8, reason: 'seven-letter consonant-vowel-consonant-y-consonant-vowel-consonant (Simda family)' };
  if (CV_ALTERNATING.test(label) && rare + label.split('y').length - 1 >= 3)
    return { score: 0.8, reason: 'strict consonant-vowel alternation with rare letters (Simda-like)' };
  return undefined;
}
