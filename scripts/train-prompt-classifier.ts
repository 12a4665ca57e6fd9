/**
 * Trains the prompt injection / jailbreak classifier offline and writes
 * data/prompt-classifier/weights.json. Data, labels, splits and method: data/prompt-classifier/DATA.md.
 *
 * Run (the shared data folder defaults to ../shared/data beside the repository; TELLTALE_SHARED_DATA overrides):
 *   npx tsc -p tsconfig.build.json && node dist/scripts/train-prompt-classifier.js
 * Deterministic: the same data gives byte-identical weights (seeded shuffles, no clock).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type ClassifierWeights, PromptClassifier } from '../src/enrich/prompt/classifier.js';
import { extractFeatures, featureCapacity } from '../src/enrich/prompt/classifier-features.js';

export const CLASSES = ['none', 'prompt_injection', 'jailbreak'] as const;
export type ClassIndex = 0 | 1 | 2;
export type Split = 'train' | 'val' | 'test';

export interface LabelledPrompt {
  text: string;
  label: ClassIndex;
  /** Which public set (and subset) the text comes from, for per-source error rates. */
  source: string;
  split: Split;
  /** For attacks inserted into a document: where the attack sits. */
  attackSpan?: [number, number];
}

/** The repository root, whether this runs from scripts/ (vitest) or from dist/scripts/ (compiled). */
export function repositoryRoot(): string {
  const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  return basename(here) === 'dist' ? resolve(here, '..') : here;
}

/** The shared public data sets (each folder has a PROVENANCE.md); TELLTALE_SHARED_DATA overrides. */
export function sharedDataDir(): string {
  return process.env.TELLTALE_SHARED_DATA ?? resolve(repositoryRoot(), '../shared/data');
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** 70 / 10 / 20 by a hash of a stable id, so a text keeps its split whatever else changes. */
function splitOf(id: string): Split {
  const r = fnv(id) % 100;
  return r < 70 ? 'train' : r < 80 ? 'val' : 'test';
}

/** Small seeded generator (mulberry32) for shuffles and for placing attacks inside emails. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function foldSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

interface EmailTask {
  context: string;
  question: string;
}

/** Inserts an attack at the start, at a sentence boundary near the middle, or at the end of an email, as BIPIA does. */
function inject(email: EmailTask, attack: string, where: number): { text: string; attackSpan: [number, number] } {
  const ctx = email.context;
  let at: number;
  let body: string;
  if (where === 0) {
    at = 0;
    body = `${attack}\n${ctx}`;
  } else if (where === 2) {
    at = ctx.length + 1;
    body = `${ctx}\n${attack}`;
  } else {
    const mid = ctx.indexOf('. ', Math.floor(ctx.length / 2));
    at = mid === -1 ? Math.floor(ctx.length / 2) : mid + 2;
    body = `${ctx.slice(0, at)}${attack} ${ctx.slice(at)}`;
  }
  return { text: `${body}\n\n${email.question}`, attackSpan: [at, at + attack.length] };
}

/**
 * Every labelled prompt, with its split. Class 0 ("none") is everything that is not an injection
 * or jailbreak attempt: benign user prompts, benign email tasks, and plain harmful requests
 * (HH-RLHF red-team openers, JailbreakBench goals) which belong to the policy detector instead.
 */
export function loadPromptDataset(dataDir = sharedDataDir()): LabelledPrompt[] {
  const prompts = resolve(dataDir, 'prompts');
  const out: LabelledPrompt[] = [];

  const benign = jsonLines<{ id: string; text: string; source: string }>(
    gunzipSync(readFileSync(resolve(prompts, 'benign-user-prompts/benign_prompts.jsonl.gz'))).toString('utf8'),
  );
  for (const b of benign) {
    // GSM8K is 91% of the set: keep one in seven so word problems do not swamp the other styles
    if (b.source === 'gsm8k' && fnv(b.id) % 7 !== 0) continue;
    out.push({ text: b.text, label: 0, source: `benign/${b.source}`, split: splitOf(b.id) });
  }

  const hh = jsonLines<{ id: string; text: string }>(
    readFileSync(resolve(prompts, 'hh-rlhf-harmless-redteam-first-turns/harmless_base_test_first_turns.jsonl'), 'utf8'),
  );
  for (const h of hh) out.push({ text: h.text, label: 0, source: 'hh-rlhf-redteam-opener', split: splitOf(h.id) });

  const jbb = jsonLines<{ method: string; index: number; goal: string; prompt: string }>(
    readFileSync(resolve(prompts, 'jailbreakbench-artifacts/jbb_attack_prompts.jsonl'), 'utf8'),
  );
  // split by behaviour, so no goal is seen in training and testing under two different wrappers
  const goalSplit = (index: number): Split => (index % 5 === 0 ? 'test' : index % 5 === 1 ? 'val' : 'train');
  const goals = new Map<number, string>();
  for (const j of jbb) {
    goals.set(j.index, j.goal);
    // Some attack "prompts" (DSN) are the bare goal with no wrapper: the same text cannot be both classes.
    if (foldSpace(j.prompt) === foldSpace(j.goal)) continue;
    out.push({ text: j.prompt, label: 2, source: `jailbreakbench/${j.method}`, split: goalSplit(j.index) });
  }
  for (const [index, goal] of goals)
    out.push({ text: goal, label: 0, source: 'jailbreakbench-goal', split: goalSplit(index) });

  const bipia = resolve(prompts, 'bipia-indirect-injection');
  const emails = (name: string) => jsonLines<EmailTask>(readFileSync(resolve(bipia, name), 'utf8'));
  const attacks = (names: string[]) =>
    names.flatMap((n) =>
      Object.entries(JSON.parse(readFileSync(resolve(bipia, n), 'utf8')) as Record<string, string[]>).flatMap(
        ([category, list]) => list.map((text, i) => ({ id: `${n}:${category}:${i}`, text })),
      ),
    );
  const trainEmails = emails('email_train.jsonl');
  // Upstream's test e-mails include some of its train e-mails; those would be seen in training.
  const trainContexts = new Set(trainEmails.map((e) => e.context));
  const testEmails = emails('email_test.jsonl').filter((e) => !trainContexts.has(e.context));
  for (const e of testEmails)
    out.push({ text: `${e.context}\n\n${e.question}`, label: 0, source: 'bipia-email', split: 'test' });
  const place = rng(7);
  for (const a of attacks(['text_attack_train.json', 'code_attack_train.json'])) {
    const split: Split = fnv(a.id) % 8 === 0 ? 'val' : 'train';
    for (let k = 0; k < 3; k++) {
      const email = trainEmails[Math.floor(place() * trainEmails.length)]!;
      out.push({ ...inject(email, a.text, k), label: 1, source: 'bipia-injected-email', split });
      // the same email without the attack, so that only the attack separates the classes, not email-ness
      out.push({ text: `${email.context}\n\n${email.question}`, label: 0, source: 'bipia-email', split });
    }
  }
  for (const a of attacks(['text_attack_test.json', 'code_attack_test.json'])) {
    const email = testEmails[Math.floor(place() * testEmails.length)]!;
    out.push({
      ...inject(email, a.text, Math.floor(place() * 3)),
      label: 1,
      source: 'bipia-injected-email',
      split: 'test',
    });
  }
  return out;
}

interface SparseExample {
  index: Int32Array;
  value: Float32Array;
  label: ClassIndex;
}

function featurise(text: string, bits: number, sink: Int32Array): { index: Int32Array; value: Float32Array } {
  const n = extractFeatures(text, bits, sink);
  const sorted = sink.slice(0, n).sort();
  const index: number[] = [];
  const value: number[] = [];
  const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) value[value.length - 1]! += norm;
    else {
      index.push(sorted[i]!);
      value.push(norm);
    }
  }
  return { index: Int32Array.from(index), value: Float32Array.from(value) };
}

export interface TrainOptions {
  bits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Window length in characters for long texts (see PromptClassifier.score). */
  window: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  bits: 16,
  epochs: 12,
  learningRate: 0.3,
  l2: 1e-6,
  seed: 1,
  window: 500,
};

/**
 * The windows the classifier also scores long texts by, as training examples: every window of a
 * text of class none or jailbreak keeps its class; of an injected document, only the windows that
 * hold most of the attack are injections (the others are plain document text, left out).
 */
function trainingWindows(d: LabelledPrompt, window: number): { text: string; label: ClassIndex }[] {
  const out: { text: string; label: ClassIndex }[] = [];
  if (d.text.length <= window) return out;
  const stride = window >> 1;
  for (let a = 0; a < d.text.length; a += stride) {
    const b = Math.min(d.text.length, a + window);
    if (d.label !== 1) out.push({ text: d.text.slice(a, b), label: d.label });
    else if (d.attackSpan) {
      const [s, e] = d.attackSpan;
      const overlap = Math.min(b, e) - Math.max(a, s);
      if (overlap >= Math.min(e - s, window) / 2) out.push({ text: d.text.slice(a, b), label: 1 });
    }
    if (b === d.text.length) break;
  }
  return out;
}

/** Multinomial logistic regression by AdaGrad, classes weighted inversely to their frequency. */
function train(examples: SparseExample[], opts: TrainOptions): { w: Float64Array[]; b: Float64Array } {
  const k = CLASSES.length;
  const dim = 1 << opts.bits;
  const w = Array.from({ length: k }, () => new Float64Array(dim));
  const g2 = Array.from({ length: k }, () => new Float64Array(dim).fill(1e-8));
  const b = new Float64Array(k);
  const bg2 = new Float64Array(k).fill(1e-8);
  const counts = new Array<number>(k).fill(0);
  for (const e of examples) counts[e.label]!++;
  const classWeight = counts.map((c) => (c > 0 ? examples.length / (k * c) : 0));
  const order = examples.map((_, i) => i);
  const random = rng(opts.seed);
  const logits = new Float64Array(k);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const e = examples[idx]!;
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = b[c]!;
        const wc = w[c]!;
        for (let f = 0; f < e.index.length; f++) s += wc[e.index[f]!]! * e.value[f]!;
        logits[c] = s;
        if (s > max) max = s;
      }
      let total = 0;
      for (let c = 0; c < k; c++) {
        logits[c] = Math.exp(logits[c]! - max);
        total += logits[c]!;
      }
      const cw = classWeight[e.label]!;
      for (let c = 0; c < k; c++) {
        const err = cw * (logits[c]! / total - (c === e.label ? 1 : 0));
        bg2[c]! += err * err;
        b[c]! -= (opts.learningRate * err) / Math.sqrt(bg2[c]!);
        const wc = w[c]!;
        const gc = g2[c]!;
        for (let f = 0; f < e.index.length; f++) {
          const j = e.index[f]!;
          const grad = err * e.value[f]! + opts.l2 * wc[j]!;
          gc[j]! += grad * grad;
          wc[j]! -= (opts.learningRate * grad) / Math.sqrt(gc[j]!);
        }
      }
    }
  }
  return { w, b };
}

function quantise(w: Float64Array): { scale: number; b64: string } {
  let maxAbs = 0;
  for (let i = 0; i < w.length; i++) maxAbs = Math.max(maxAbs, Math.abs(w[i]!));
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  const q = new Int8Array(w.length);
  for (let i = 0; i < w.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i]! / scale)));
  return { scale, b64: Buffer.from(q.buffer).toString('base64') };
}

export interface BinaryMetrics {
  threshold: number;
  positives: number;
  negatives: number;
  truePositives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
}

/** Attack (injection or jailbreak) against none, at one threshold on P(attack). */
export function binaryMetrics(
  scores: readonly number[],
  labels: readonly ClassIndex[],
  threshold: number,
): BinaryMetrics {
  let tp = 0;
  let fp = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    const positive = labels[i] !== 0;
    if (positive) positives++;
    if (scores[i]! >= threshold) {
      if (positive) tp++;
      else fp++;
    }
  }
  const negatives = scores.length - positives;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = positives > 0 ? tp / positives : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    threshold,
    positives,
    negatives,
    truePositives: tp,
    falsePositives: fp,
    precision,
    recall,
    f1,
    falsePositiveRate: negatives > 0 ? fp / negatives : 0,
  };
}

/**
 * The threshold chosen on the validation split: the highest F1 among thresholds that keep the
 * false-positive rate at or under `maxFpr`, because a detector that cries wolf on 1 prompt in 20 is
 * switched off.
 */
function chooseThreshold(scores: number[], labels: ClassIndex[], maxFpr: number): number {
  let best = 0.5;
  let bestF1 = -1;
  for (let t = 0.05; t < 0.995; t += 0.01) {
    const m = binaryMetrics(scores, labels, t);
    if (m.falsePositiveRate <= maxFpr && m.f1 > bestF1) {
      bestF1 = m.f1;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/**
 * Trains on the train split (texts and their windows), quantises, and picks the threshold on the
 * validation split. Pure: the same data and options give the same weights.
 */
export function trainClassifier(
  data: readonly LabelledPrompt[],
  opts: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): { weights: ClassifierWeights; trainExamples: number } {
  const sink = new Int32Array(featureCapacity(Math.max(...data.map((d) => d.text.length))));
  const trainSet: SparseExample[] = [];
  for (const d of data) {
    if (d.split !== 'train') continue;
    trainSet.push({ ...featurise(d.text, opts.bits, sink), label: d.label });
    for (const w of trainingWindows(d, opts.window))
      trainSet.push({ ...featurise(w.text, opts.bits, sink), label: w.label });
  }
  const { w, b } = train(trainSet, opts);
  const quantised = w.map(quantise);
  const weights: ClassifierWeights = {
    version: 1,
    bits: opts.bits,
    classes: [...CLASSES],
    bias: Array.from(b, (x) => Math.round(x * 1e6) / 1e6),
    scale: quantised.map((q) => q.scale),
    weights: quantised.map((q) => q.b64),
    threshold: 0.5,
    window: opts.window,
  };
  const model = new PromptClassifier(weights);
  const val = data.filter((d) => d.split === 'val');
  weights.threshold = chooseThreshold(
    val.map((d) => model.score(d.text).attack),
    val.map((d) => d.label),
    0.01,
  );
  return { weights, trainExamples: trainSet.length };
}

function main(): void {
  const data = loadPromptDataset();
  const { weights: file, trainExamples } = trainClassifier(data);
  const model = new PromptClassifier(file);
  const test = data.filter((d) => d.split === 'test').map((d) => ({ d, p: model.score(d.text).attack }));
  const metrics = binaryMetrics(
    test.map((t) => t.p),
    test.map((t) => t.d.label),
    file.threshold,
  );
  writeFileSync(resolve(repositoryRoot(), 'data/prompt-classifier/weights.json'), JSON.stringify(file) + '\n');
  const count = (split: Split) => data.filter((d) => d.split === split).length;
  console.log(
    `examples: train ${count('train')} (+ ${trainExamples - count('train')} windows), val ${count('val')}, test ${count('test')}`,
  );
  console.log(`threshold ${file.threshold} (val, FPR <= 1%)`);
  console.log(`held-out test: ${JSON.stringify(metrics)}`);
  const bySource = new Map<string, { n: number; flagged: number }>();
  for (const t of test) {
    const s = bySource.get(t.d.source) ?? { n: 0, flagged: 0 };
    s.n++;
    if (t.p >= file.threshold) s.flagged++;
    bySource.set(t.d.source, s);
  }
  for (const [source, s] of [...bySource].sort()) console.log(`  ${source}: ${s.flagged}/${s.n} flagged`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
