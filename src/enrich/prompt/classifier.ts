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
  private readonly weights: Float32Array[];
  private sink = new Int32Array(featureCapacity(4096));
  private readonly logits: Float64Array;

  constructor(file: ClassifierWeights) {
    this.bits = file.bits;
    this.classes = file.classes;
    this.threshold = file.threshold;
    this.bias = Float64Array.from(file.bias);
    this.logits = new Float64Array(file.classes.length);
    this.weights = file.weights.map((b64, k) => {
      const bytes = Buffer.from(b64, 'base64');
      const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const w = new Float32Array(q.length);
      const scale = file.scale[k]!;
      for (let i = 0; i < q.length; i++) w[i] = q[i]! * scale;
      return w;
    });
  }

  /** Class probabilities of `text`. The returned arrays are fresh; the feature buffer is reused. */
  score(text: string): ClassifierScore {
    const need = featureCapacity(text.length);
    if (this.sink.length < need) this.sink = new Int32Array(need);
    const n = extractFeatures(text, this.bits, this.sink);
    const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
    const k = this.classes.length;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      const w = this.weights[c]!;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += w[this.sink[i]!]!;
      const logit = this.bias[c]! + sum * norm;
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
