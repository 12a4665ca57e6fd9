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
  /** Running per-class weight totals: totals[i * classes + c] sums the first i features. */
  private totals = new Float64Array(3 * featureCapacity(4096));
  private readonly logits: Float64Array;

  constructor(file: ClassifierWeights) {
    this.bits = file.bits;
    this.classes = file.classes;
    this.threshold = file.threshold;
    this.window = file.window ?? 0;
    this.bias = Float64Array.from(file.bias);
    this.logits = new Float64Array(file.classes.length);
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
   * text around it, not diluted by the whole document. The best-scoring span wins. Window sums
   * come from running totals over the features, so all windows cost one pass.
   */
  score(text: string): ClassifierScore {
    const need = featureCapacity(text.length);
    if (this.sink.length < need) this.sink = new Int32Array(need);
    if (this.marks.length < text.length + 2) this.marks = new Int32Array(text.length + 2);
    const n = extractFeatures(text, this.bits, this.sink, this.marks);
    const k = this.classes.length;
    if (this.totals.length < (n + 1) * k) this.totals = new Float64Array((n + 1) * k);
    const w = this.weights;
    const sink = this.sink;
    const totals = this.totals;
    for (let c = 0; c < k; c++) totals[c] = 0;
    for (let i = 0; i < n; i++) {
      const at = sink[i]! * k;
      const from = i * k;
      for (let c = 0; c < k; c++) totals[from + k + c] = totals[from + c]! + w[at + c]!;
    }
    const best: ClassifierScore = { probabilities: new Float64Array(k), attack: -1, start: 0, end: text.length };
    this.scoreSpan(0, n, best, 0, text.length);
    if (this.window > 0 && text.length > this.window) {
      const stride = this.window >> 1;
      for (let a = 0; a < text.length; a += stride) {
        const b = Math.min(text.length, a + this.window);
        this.scoreSpan(this.marks[a]!, this.marks[b]!, best, a, b);
        if (b === text.length) break;
      }
    }
    return best;
  }

  /** Softmax of the features [from, to); replaces `best` when its attack probability is higher. */
  private scoreSpan(from: number, to: number, best: ClassifierScore, start: number, end: number): void {
    const k = this.classes.length;
    const count = to - from;
    const norm = count > 0 ? 1 / Math.sqrt(count) : 0;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const logit = this.bias[c]! + (this.totals[to * k + c]! - this.totals[from * k + c]!) * norm;
      this.logits[c] = logit;
      if (logit > max) max = logit;
    }
    let total = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(this.logits[c]! - max);
      this.logits[c] = e;
      total += e;
    }
    let attack = 0;
    for (let c = 0; c < k; c++) if (this.classes[c] !== 'none') attack += this.logits[c]! / total;
    if (attack <= best.attack) return;
    best.attack = attack;
    best.start = start;
    best.end = end;
    for (let c = 0; c < k; c++) best.probabilities[c] = this.logits[c]! / total;
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
