import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  type BinaryMetrics,
  binaryMetrics,
  type LabelledPrompt,
  loadPromptDataset,
  sharedDataDir,
  trainClassifier,
} from '../scripts/train-prompt-classifier.js';
import { PromptClassifier } from '../src/enrich/prompt/classifier.js';
import { promptClassifier, scanPrompt } from '../src/enrich/prompt/index.js';

/**
 * Prompt detector benchmark: the injection/jailbreak classifier's precision, recall, F1 and
 * false-positive rate on its held-out split at the shipped threshold (and the same for the whole
 * detector, classifier plus structural signs), and scanPrompt latency for 200-character, 2 KB and
 * 4,000-character prompts cut from real benign prompts, against a bare single-regex pass over the
 * same texts measured in the same run.
 */

const SIZES = [200, 2048, 4000];
const PROMPTS_PER_SIZE = 200;
const ROUNDS = 10;

/** A floor for comparison: one pre-compiled regex (e-mail or 13-19 digit run) over the text, nothing else. */
const BARE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\b\d(?:[ -]?\d){12,18}\b/g;
function bareRegexPass(text: string): number {
  BARE.lastIndex = 0;
  let n = 0;
  while (BARE.exec(text) !== null) n++;
  return n;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Real prompts cut to an exact length: benign prompts concatenated in file order, windows at different offsets. */
function promptsOfLength(corpus: string, length: number, count: number): string[] {
  const out: string[] = [];
  const step = Math.max(1, Math.floor((corpus.length - length) / count));
  for (let i = 0; i < count; i++) out.push(corpus.slice(i * step, i * step + length));
  return out;
}

function timeEach(texts: string[], fn: (t: string) => unknown): { p50: number; p99: number } {
  for (const t of texts) fn(t);
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of texts) {
      const start = process.hrtime.bigint();
      fn(t);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

function metricsRow(name: string, m: BinaryMetrics): string {
  return `| ${name} | ${m.threshold} | ${m.positives} / ${m.negatives} | ${m.precision.toFixed(3)} | ${m.recall.toFixed(3)} | ${m.f1.toFixed(3)} | ${pct(m.falsePositiveRate)} |`;
}

/** Whether a structural sign (not the classifier) reports the text with confidence >= 0.75. */
function structuralSign(text: string): boolean {
  return scanPrompt(text, { categories: ['prompt_injection', 'jailbreak'] }).some(
    (f) => f.type !== 'classifier' && f.confidence >= 0.75,
  );
}

function classifierSection(test: LabelledPrompt[]): string[] {
  const labels = test.map((d) => d.label);
  const scores = test.map((d) => promptClassifier.score(d.text).attack);
  const classifier = binaryMetrics(scores, labels, promptClassifier.threshold);
  const signs = test.map((d) => structuralSign(d.text));
  const detector = binaryMetrics(
    scores.map((s, i) => (s >= promptClassifier.threshold || signs[i] ? 1 : 0)),
    labels,
    0.5,
  );
  detector.threshold = promptClassifier.threshold;
  const withSign = test.filter((_, i) => signs[i]);
  const signOnly = test.filter((_, i) => signs[i] && scores[i]! < promptClassifier.threshold);
  const bySource = new Map<string, { n: number; flagged: number; label: number }>();
  test.forEach((d, i) => {
    const s = bySource.get(d.source) ?? { n: 0, flagged: 0, label: d.label };
    s.n++;
    if (scores[i]! >= promptClassifier.threshold) s.flagged++;
    bySource.set(d.source, s);
  });
  const classNames = ['none', 'prompt_injection', 'jailbreak'];
  return [
    `Held-out split: ${test.length} prompts (${classifier.positives} attacks, ${classifier.negatives} others), never seen in training; threshold chosen on a separate validation split (best F1 with FPR <= 1%).`,
    '',
    '| what | threshold on P(attack) | attacks / others | precision | recall | F1 | false-positive rate |',
    '|---|---|---|---|---|---|---|',
    metricsRow('classifier alone', classifier),
    metricsRow('classifier + structural signs (confidence >= 0.75)', detector),
    '',
    `Structural signs fire on ${withSign.length} held-out prompts (${withSign.filter((d) => d.label > 0).length} attacks, ${withSign.filter((d) => d.label === 0).length} others), of which the classifier misses ${signOnly.length}: on this split the signs (override orders, persona frames, chat-template delimiters) appear only in the attack families the classifier was trained on, and its misses (PAIR role-play, GCG suffixes, polite indirect requests) carry no sign, so both rows can be equal. The signs do not depend on training; the next table shows what they add on families the classifier never saw.`,
    '',
    '| held-out source | class | flagged by the classifier |',
    '|---|---|---|',
    ...[...bySource]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, s]) => `| ${source} | ${classNames[s.label]} | ${s.flagged} / ${s.n} (${pct(s.flagged / s.n)}) |`),
  ];
}

/**
 * The split above holds out behaviours, but a jailbreak method's template (JailbreakChat, adaptive
 * random search) recurs across behaviours, so those rows partly measure recall on known templates.
 * Here each JailbreakBench method is left out of training and validation entirely, a model is
 * retrained from scratch, and its recall on that method's held-out prompts says how the classifier
 * does on an attack family it has never seen.
 */
function unseenMethodSection(data: LabelledPrompt[]): string[] {
  const methods = [
    ...new Set(data.filter((d) => d.source.startsWith('jailbreakbench/')).map((d) => d.source.slice(15))),
  ].sort();
  const rows: string[] = [];
  for (const method of methods) {
    const source = `jailbreakbench/${method}`;
    const { weights } = trainClassifier(data.filter((d) => d.source !== source || d.split === 'test'));
    const model = new PromptClassifier(weights);
    const test = data.filter((d) => d.split === 'test' && (d.source === source || d.label === 0));
    const scores = test.map((d) => model.score(d.text).attack);
    const labels = test.map((d) => d.label);
    const m = binaryMetrics(scores, labels, weights.threshold);
    const both = binaryMetrics(
      scores.map((s, i) => (s >= weights.threshold || structuralSign(test[i]!.text) ? 1 : 0)),
      labels,
      0.5,
    );
    rows.push(
      `| ${method} | ${weights.threshold.toFixed(2)} | ${m.truePositives} / ${m.positives} (${pct(m.recall)}) | ${both.truePositives} / ${both.positives} (${pct(both.recall)}) | ${pct(m.falsePositiveRate)} | ${pct(both.falsePositiveRate)} |`,
    );
  }
  return [
    '',
    '### Jailbreak methods never seen in training',
    '',
    "Each JailbreakBench method left out of training and validation, the classifier retrained without it (same data, features and threshold rule otherwise), then scored on that method's held-out prompts and on every held-out benign prompt. The behaviour split above sees other prompts of the same template in training; this is the figure for a new attack family.",
    '',
    '| method left out | threshold | recall, classifier | recall, classifier + structural signs | false-positive rate, classifier | false-positive rate, with signs |',
    '|---|---|---|---|---|---|',
    ...rows,
  ];
}

interface PresidioRecord {
  full_text: string;
  spans: { entity_type: string; start_position: number; end_position: number }[];
}

/** Recall per entity type on presidio-research's span-annotated synthetic PII, gitleaks agreement, and benign firing rates. */
function detectorAccuracySection(dataDir: string): string[] {
  const lines = ['', '### Detector accuracy on labelled public sets', ''];
  const records = JSON.parse(
    gunzipSync(readFileSync(resolve(dataDir, 'prompts/presidio-research-synth-pii/synth_dataset_v2.json.gz'))).toString(
      'utf8',
    ),
  ) as PresidioRecord[];
  const entityTypes: [string, string][] = [
    ['EMAIL_ADDRESS', 'email'],
    ['CREDIT_CARD', 'payment_card'],
    ['IBAN_CODE', 'iban'],
    ['US_SSN', 'us_ssn'],
    ['IP_ADDRESS', 'ip_address'],
    ['PHONE_NUMBER', 'phone'],
    ['STREET_ADDRESS', 'postal_address'],
    ['PERSON', 'person_name'],
  ];
  const found = new Map<string, [number, number]>();
  for (const r of records) {
    const findings = scanPrompt(r.full_text, { categories: ['personal_data'] });
    for (const s of r.spans) {
      const type = entityTypes.find(([e]) => e === s.entity_type)?.[1];
      if (!type) continue;
      const c = found.get(s.entity_type) ?? [0, 0];
      c[1]++;
      if (findings.some((f) => f.type === type && f.start < s.end_position && s.start_position < f.end)) c[0]++;
      found.set(s.entity_type, c);
    }
  }
  lines.push(
    'Personal data, presidio-research synthetic PII (1,500 sentences; a span counts when a finding of the matching type overlaps it). Cards include numbers that fail the Luhn check, which are deliberately not reported; names are reported only after a naming cue.',
    '',
    '| entity | finding type | found / annotated | recall |',
    '|---|---|---|---|',
    ...entityTypes.map(([e, t]) => {
      const [f, n] = found.get(e) ?? [0, 0];
      return `| ${e} | ${t} | ${f} / ${n} | ${n > 0 ? pct(f / n) : '-'} |`;
    }),
  );
  const gitleaks = readFileSync(resolve(dataDir, 'secrets/gitleaks-rule-samples/gitleaks_rule_samples.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { label: string; text: string });
  const fires = (t: string) => scanPrompt(t, { categories: ['credential'] }).length > 0;
  const tps = gitleaks.filter((g) => g.label === 'true_positive');
  const fps = gitleaks.filter((g) => g.label === 'false_positive');
  const tpHit = tps.filter((g) => fires(g.text)).length;
  const fpHit = fps.filter((g) => fires(g.text)).length;
  lines.push(
    '',
    `Credentials, gitleaks rule samples: fires on ${tpHit} / ${tps.length} strings gitleaks says are secrets (${pct(tpHit / tps.length)}; most misses are placeholder values such as \`12345678-ABCD-ABCD-ABCD-1234567890AB\`, refused on purpose) and on ${fpHit} / ${fps.length} strings gitleaks lists as false positives (${pct(fpHit / fps.length)}).`,
  );
  const benign = gunzipSync(readFileSync(resolve(dataDir, 'prompts/benign-user-prompts/benign_prompts.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const byCategory = new Map<string, number>();
  const personalTypes = new Map<string, number>();
  for (const text of benign) {
    const findings = scanPrompt(text);
    for (const c of new Set(findings.map((f) => f.category))) byCategory.set(c, (byCategory.get(c) ?? 0) + 1);
    for (const t of new Set(findings.filter((f) => f.category === 'personal_data').map((f) => f.type))) {
      personalTypes.set(t, (personalTypes.get(t) ?? 0) + 1);
    }
  }
  lines.push(
    '',
    `Benign prompts (${benign.length} math, coding, writing and role-play prompts) with at least one finding, by category: ${[
      'personal_data',
      'credential',
      'sensitive_business',
      'prompt_injection',
      'jailbreak',
      'policy',
    ]
      .map((c) => `${c} ${byCategory.get(c) ?? 0} (${pct((byCategory.get(c) ?? 0) / benign.length)})`)
      .join(', ')}. Personal data by type: ${[...personalTypes]
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n}`)
      .join(
        ', ',
      )} (the names are characters of word problems such as "Mr. Bert", which are names). Sensitive business data here is pasted source code (HumanEval and coding prompts), which is what that detector reports.`,
  );
  return lines;
}

export async function run(): Promise<string> {
  const dataDir = sharedDataDir();
  const lines = [
    '## Prompt detectors',
    '',
    'Method: `scanPrompt` runs every detector (personal data, credentials, sensitive business data, injection/jailbreak signs and the n-gram classifier, policy topics) on one core, in process; see `bench/prompt-detectors.ts`.',
    '',
    '### Injection / jailbreak classifier (held-out)',
    '',
  ];
  if (!existsSync(resolve(dataDir, 'prompts'))) {
    lines.push(`Shared prompt data not found at ${dataDir} (set TELLTALE_SHARED_DATA); classifier metrics skipped.`);
    return lines.join('\n');
  }
  const data = loadPromptDataset(dataDir);
  lines.push(...classifierSection(data.filter((d) => d.split === 'test')));
  lines.push(...unseenMethodSection(data));
  lines.push(...detectorAccuracySection(dataDir));

  const corpus = gunzipSync(readFileSync(resolve(dataDir, 'prompts/benign-user-prompts/benign_prompts.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text)
    .join('\n');
  lines.push(
    '',
    '### Scan latency per prompt',
    '',
    `${PROMPTS_PER_SIZE} distinct windows of real benign prompts per size, each scanned ${ROUNDS} times after a warm-up pass; wall time per call (process.hrtime). Baseline: one pre-compiled regex (e-mail or card-shaped digit run) over the same texts, in the same run.`,
    '',
    '| prompt size | scanPrompt p50 | scanPrompt p99 | bare regex p50 | bare regex p99 | p50 ratio |',
    '|---|---|---|---|---|---|',
  );
  for (const size of SIZES) {
    const texts = promptsOfLength(corpus, size, PROMPTS_PER_SIZE);
    const bare = timeEach(texts, bareRegexPass);
    const full = timeEach(texts, (t) => scanPrompt(t));
    lines.push(
      `| ${size} chars | ${full.p50.toFixed(3)} ms | ${full.p99.toFixed(3)} ms | ${bare.p50.toFixed(4)} ms | ${bare.p99.toFixed(4)} ms | ${(full.p50 / bare.p50).toFixed(0)}x |`,
    );
  }
  return lines.join('\n');
}
