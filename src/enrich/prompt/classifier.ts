import weightsFile from '../../../data/prompt-classifier/weights.json' with { type: 'json' };
import { extractFeatures, featureCapacity } from './classifier-features.js';
import type { PromptFinding } from './finding.js';

/**
 * The offline-trained injection/jailbreak classifier: multinomial logistic regression over hashed
 * character and word n-grams (classifier-features.ts), trained by scripts/train-prompt-classifier.ts
 * on the public prompt sets documented in data/prompt-classifier/DATA.md. Weights ship as JSON
 * (int8 per class with a scale), so scanning needs no download and no native code.
 */

export interface ClassifierWeights {
  version: number;
  bits: number;
  classes: string[];
  bias: number[];
  scale: number[];
  /** Base64 of one Int8Array of 2^bits entries per class. */
  weights: string[];
  /** P(prompt_injection) + P(jailbreak) at or above which a prompt is reported. */
  threshold: number;
  /** Longer texts are also scored in half-overlapping windows of this many characters. */
  window?: number;
}

export interface ClassifierScore {
  /** Probability per class, in `classes` order, of the best-scoring span. */
  probabilities: Float64Array;
  /** Probability that the span is an attack of either kind. */
  attack: number;
  /** The best-scoring span: the whole text, or the window that scored highest. */
  start: number;
  end: number;
}

/** Feature buffers up to this size (prompts of about 40,000 characters) are kept between calls. */
const KEPT_FEATURES = 1 << 18;

export class PromptClassifier {
  readonly bits: number;
  readonly classes: readonly string[];
  readonly threshold: number;
  private readonly bias: Float64Array;
  /** Class weights interleaved per bucket (bucket * classes + class), so one feature reads one cache line. */
  private readonly weights: Float32Array;
  /** Window length in characters (0: whole text only). */
  readonly window: number;
  private sink = new Int32Array(featureCapacity(4096));
  private marks = new Int32Array(4098);
  /** Per-class weight sums of each half-window block: blockSums[block * classes + c]. */
  private blockSums = new Float64Array(64);
  private readonly logits: Float64Array;
  private readonly pair: Float64Array;
  private readonly softmax: Float64Array;

  constructor(file: ClassifierWeights) {
    this.bits = file.bits;
    this.classes = file.classes;
    this.threshold = file.threshold;
    this.window = file.window ?? 0;
    this.bias = Float64Array.from(file.bias);
    this.logits = new Float64Array(file.classes.length);
    this.pair = new Float64Array(file.classes.length);
    this.softmax = new Float64Array(file.classes.length);
    const k = file.classes.length;
    this.weights = new Float32Array((1 << file.bits) * k);
    file.weights.forEach((b64, c) => {
      const bytes = Buffer.from(b64, 'base64');
      const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const scale = file.scale[c]!;
      for (let i = 0; i < q.length; i++) this.weights[i * k + c] = q[i]! * scale;
    });
  }

  /**
   * Class probabilities of `text`, and of every window of `window` characters (half-overlapping)
   * when the text is longer: an instruction hidden in a long pasted document is judged with the
   * text around it, not diluted by the whole document. The best-scoring span wins. Weights are
   * summed once per half-window block; a window is two neighbouring blocks and the whole text is
   * all of them, so every span costs one pass over the features.
   */
  score(text: string): ClassifierScore {
    const k = this.classes.length;
    const need = featureCapacity(text.length);
    // buffers for ordinary prompts are kept; a very long text gets its own, freed after the call
    const keep = need <= KEPT_FEATURES;
    let sink = this.sink;
    let marks = this.marks;
    if (sink.length < need) sink = new Int32Array(need);
    if (marks.length < text.length + 2) marks = new Int32Array(text.length + 2);
    if (keep) {
      this.sink = sink;
      this.marks = marks;
    }
    extractFeatures(text, this.bits, sink, marks);
    const stride = this.window > 0 ? this.window >> 1 : Math.max(1, text.length);
    const blocks = Math.max(1, Math.ceil(text.length / stride));
    let sums = this.blockSums;
    if (sums.length < (blocks + 1) * k) sums = new Float64Array((blocks + 1) * k);
    if (keep) this.blockSums = sums;
    const w = this.weights;
    for (let blk = 0; blk < blocks; blk++) {
      const from = marks[blk * stride]!;
      const to = marks[Math.min(text.length, (blk + 1) * stride)]!;
      const at = blk * k;
      for (let c = 0; c < k; c++) sums[at + c] = 0;
      for (let i = from; i < to; i++) {
        const bucket = sink[i]! * k;
        for (let c = 0; c < k; c++) sums[at + c]! += w[bucket + c]!;
      }
    }
    // the whole text: the sum of all blocks, plus the features emitted after the last character
    const total = this.logits;
    for (let c = 0; c < k; c++) total[c] = 0;
    for (let blk = 0; blk < blocks; blk++) for (let c = 0; c < k; c++) total[c]! += sums[blk * k + c]!;
    const n = marks[text.length + 1]!;
    for (let i = marks[Math.min(text.length, blocks * stride)]!; i < n; i++) {
      const bucket = sink[i]! * k;
      for (let c = 0; c < k; c++) total[c]! += w[bucket + c]!;
    }
    const best: ClassifierScore = { probabilities: new Float64Array(k), attack: -1, start: 0, end: text.length };
    this.scoreSpan(total, 0, n, best, 0, text.length);
    if (this.window > 0 && text.length > this.window) {
      const pair = this.pair;
      for (let blk = 0; blk < blocks; blk++) {
        const a = blk * stride;
        const b = Math.min(text.length, a + this.window);
        const last = b === text.length;
        for (let c = 0; c < k; c++)
          pair[c] = sums[blk * k + c]! + (last && blk + 1 >= blocks ? 0 : sums[(blk + 1) * k + c]!);
        this.scoreSpan(pair, marks[a]!, marks[b]!, best, a, b);
        if (last) break;
      }
    }
    return best;
  }

  /** Softmax of weight sums `sums` over `count` features; replaces `best` when its attack probability is higher. */
  private scoreSpan(
    sums: Float64Array,
    from: number,
    to: number,
    best: ClassifierScore,
    start: number,
    end: number,
  ): void {
    const k = this.classes.length;
    const count = to - from;
    const norm = count > 0 ? 1 / Math.sqrt(count) : 0;
    const p = this.softmax;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const logit = this.bias[c]! + sums[c]! * norm;
      p[c] = logit;
      if (logit > max) max = logit;
    }
    let total = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(p[c]! - max);
      p[c] = e;
      total += e;
    }
    let attack = 0;
    for (let c = 0; c < k; c++) if (this.classes[c] !== 'none') attack += p[c]! / total;
    if (attack <= best.attack) return;
    best.attack = attack;
    best.start = start;
    best.end = end;
    for (let c = 0; c < k; c++) best.probabilities[c] = p[c]! / total;
  }

  /** A finding over the best-scoring span when its attack probability reaches the threshold, typed by the likelier attack class. */
  detect(text: string, out: PromptFinding[], threshold = this.threshold): void {
    if (text.length === 0) return;
    const { probabilities, attack, start, end } = this.score(text);
    if (attack < threshold) return;
    let best = -1;
    for (let c = 0; c < this.classes.length; c++) {
      if (this.classes[c] === 'none') continue;
      if (best === -1 || probabilities[c]! > probabilities[best]!) best = c;
    }
    const category = this.classes[best] === 'jailbreak' ? 'jailbreak' : 'prompt_injection';
    out.push({
      category,
      type: 'classifier',
      start,
      end,
      confidence: attack,
      detail: `n-gram classifier: P(attack) ${attack.toFixed(2)}, likeliest ${category}`,
    });
  }
}

/** The classifier with the shipped weights, built once at module load. */
export const promptClassifier = new PromptClassifier(weightsFile as ClassifierWeights);
