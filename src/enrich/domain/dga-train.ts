/**
 * Offline training of the character model behind `dgaScore` (scripts/train-dga.ts runs it on a
 * real corpus of benign names and writes data/dga/weights.json). Pure: names in, weights out.
 *
 * The model is an interpolated character trigram model over the label left of the public suffix
 * (`^` and `$` mark its ends). Weights are raw counts, so the JSON stays small and readable; the
 * scorer turns them into probabilities. Calibration records the benign corpus's own distribution of
 * per-character log-likelihood, so that the scorer can say "less likely than 99% of benign names".
 */

export interface DgaWeights {
  version: 1;
  corpus: string;
  names: number;
  /** Trigram, bigram and unigram counts over `^label$`. */
  tri: Record<string, number>;
  bi: Record<string, number>;
  uni: Record<string, number>;
  /** Quantiles of mean log2-likelihood per character on the training names (leave-none-out). */
  calibration: { p01: number; p05: number; p50: number };
}

export const LABEL_CHARS = /^[a-z0-9-]+$/;

export function trainDga(labels: Iterable<string>, corpus: string): DgaWeights {
  const tri: Record<string, number> = {};
  const bi: Record<string, number> = {};
  const uni: Record<string, number> = {};
  const kept: string[] = [];
  for (const raw of labels) {
    const label = raw.toLowerCase();
    if (label.length < 3 || !LABEL_CHARS.test(label)) continue;
    kept.push(label);
    const s = '^' + label + '$';
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      uni[c] = (uni[c] ?? 0) + 1;
      if (i >= 1) bi[s.slice(i - 1, i + 1)] = (bi[s.slice(i - 1, i + 1)] ?? 0) + 1;
      if (i >= 2) tri[s.slice(i - 2, i + 1)] = (tri[s.slice(i - 2, i + 1)] ?? 0) + 1;
    }
  }
  const weights: DgaWeights = {
    version: 1,
    corpus,
    names: kept.length,
    tri,
    bi,
    uni,
    calibration: { p01: 0, p05: 0, p50: 0 },
  };
  const model = new CharModel(weights);
  const scores = kept.map((l) => model.meanLog2(l)).sort((a, b) => a - b);
  const q = (p: number) => scores[Math.floor((scores.length - 1) * p)] ?? 0;
  weights.calibration = { p01: round(q(0.01)), p05: round(q(0.05)), p50: round(q(0.5)) };
  return weights;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const L3 = 0.6;
const L2 = 0.3;
const L1 = 0.1;

/** The trained character model: mean log2-probability per character of a label. */
export class CharModel {
  private readonly tri: Map<string, number>;
  private readonly bi: Map<string, number>;
  private readonly uni: Map<string, number>;
  private readonly total: number;
  private readonly alphabet: number;

  constructor(w: DgaWeights) {
    this.tri = new Map(Object.entries(w.tri));
    this.bi = new Map(Object.entries(w.bi));
    this.uni = new Map(Object.entries(w.uni));
    let total = 0;
    for (const v of this.uni.values()) total += v;
    this.total = total;
    this.alphabet = 39;
  }

  meanLog2(label: string): number {
    const s = '^' + label + '$';
    let sum = 0;
    for (let i = 1; i < s.length; i++) {
      const c = s[i]!;
      const pUni = ((this.uni.get(c) ?? 0) + 1) / (this.total + this.alphabet);
      const prev = s[i - 1]!;
      const ctx1 = this.uni.get(prev) ?? 0;
      const pBi = ctx1 === 0 ? pUni : (this.bi.get(prev + c) ?? 0) / ctx1;
      let pTri = pBi;
      if (i >= 2) {
        const ctx2 = this.bi.get(s.slice(i - 2, i)) ?? 0;
        if (ctx2 > 0) pTri = (this.tri.get(s.slice(i - 2, i + 1)) ?? 0) / ctx2;
      }
      sum += Math.log2(L3 * pTri + L2 * pBi + L1 * pUni);
    }
    return sum / (s.length - 1);
  }
}
