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
}

export interface ClassifierScore {
  /** Probability per class, in `classes` order. */
  probabilities: Float64Array;
  /** Probability that the prompt is an attack of either kind. */
  attack: number;
}

export class PromptClassifier {
  readonly bits: number;
  readonly classes: readonly string[];
  readonly threshold: number;
  private readonly bias: Float64Array;
  /** Class weights interleaved per bucket (bucket * classes + class), so one feature reads one cache line. */
  private readonly weights: Float32Array;
  private sink = new Int32Array(featureCapacity(4096));
  private readonly logits: Float64Array;

  constructor(file: ClassifierWeights) {
    this.bits = file.bits;
    this.classes = file.classes;
    this.threshold = file.threshold;
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

  /** Class probabilities of `text`. The returned arrays are fresh; the feature buffer is reused. */
  score(text: string): ClassifierScore {
    const need = featureCapacity(text.length);
    if (this.sink.length < need) this.sink = new Int32Array(need);
    const n = extractFeatures(text, this.bits, this.sink);
    const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
    const k = this.classes.length;
    const w = this.weights;
    const sink = this.sink;
    this.logits.fill(0);
    if (k === 3) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const at = sink[i]! * 3;
        s0 += w[at]!;
        s1 += w[at + 1]!;
        s2 += w[at + 2]!;
      }
      this.logits[0] = s0;
      this.logits[1] = s1;
      this.logits[2] = s2;
    } else {
      for (let i = 0; i < n; i++) {
        const at = sink[i]! * k;
        for (let c = 0; c < k; c++) this.logits[c]! += w[at + c]!;
      }
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const logit = this.bias[c]! + this.logits[c]! * norm;
      this.logits[c] = logit;
      if (logit > max) max = logit;
    }
    const probabilities = new Float64Array(k);
    let total = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(this.logits[c]! - max);
      probabilities[c] = e;
      total += e;
    }
    let attack = 0;
    for (let c = 0; c < k; c++) {
      probabilities[c]! /= total;
      if (this.classes[c] !== 'none') attack += probabilities[c]!;
    }
    return { probabilities, attack };
  }

  /** A finding over the whole text when the attack probability reaches the threshold, typed by the likelier attack class. */
  detect(text: string, out: PromptFinding[], threshold = this.threshold): void {
    if (text.length === 0) return;
    const { probabilities, attack } = this.score(text);
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
      start: 0,
      end: text.length,
      confidence: attack,
      detail: `n-gram classifier: P(attack) ${attack.toFixed(2)}, likeliest ${category}`,
    });
  }
}

/** The classifier with the shipped weights, built once at module load. */
export const promptClassifier = new PromptClassifier(weightsFile as ClassifierWeights);
