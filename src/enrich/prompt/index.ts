import { promptClassifier } from './classifier.js';
import { detectCredentials } from './credentials.js';
import type { PromptFinding, PromptFindingCategory } from './finding.js';
import { detectInjectionSigns } from './injection-signs.js';
import { detectPersonalData } from './personal-data.js';
import { DEFAULT_POLICY_TOPICS, detectPolicyTopics, type PolicyTopic } from './policy-topics.js';
import { type BusinessDictionary, detectSensitiveBusiness } from './sensitive-business.js';

/**
 * scanPrompt runs every prompt detector over one text and returns findings in span order. Pure
 * and deterministic: the same text and options always give the same findings; regexes are
 * compiled once at module load (configured phrases once per options object).
 */

export { promptClassifier } from './classifier.js';
export {
  type PromptDetectorSettings,
  promptDetectorSettings,
  promptDetectorsConfigSchema,
} from './detectors-config.js';
export type { PromptFinding, PromptFindingCategory } from './finding.js';
export { PROMPT_FINDING_CATEGORIES } from './finding.js';
export { type MaskOptions, maskPrompt } from './mask.js';
export { DEFAULT_POLICY_TOPICS, type PolicyTopic } from './policy-topics.js';
export type { BusinessDictionary } from './sensitive-business.js';

export interface ScanOptions {
  /** Categories to run; default all. */
  categories?: readonly PromptFindingCategory[];
  /** Policy topics; default DEFAULT_POLICY_TOPICS. Keep the same array across calls so it is compiled once. */
  policyTopics?: readonly PolicyTopic[];
  /** Organisation dictionaries for sensitive business data (project code names, customers ...). */
  businessDictionaries?: readonly BusinessDictionary[];
  /** P(attack) threshold of the classifier; default the one chosen at training (in the weights file). */
  classifierThreshold?: number;
  /** Findings below this confidence are dropped. Default 0. */
  minConfidence?: number;
}

function runs(opts: ScanOptions | undefined, category: PromptFindingCategory): boolean {
  return !opts?.categories || opts.categories.includes(category);
}

export function scanPrompt(text: string, opts?: ScanOptions): PromptFinding[] {
  const out: PromptFinding[] = [];
  if (text.length === 0) return out;
  const wantPersonal = runs(opts, 'personal_data');
  const wantBusiness = runs(opts, 'sensitive_business');
  // credentials first: a connection string's user@host must not also be reported as an email
  if (runs(opts, 'credential')) detectCredentials(text, out);
  const credentialsEnd = out.length;
  if (wantPersonal || wantBusiness) {
    const personal: PromptFinding[] = [];
    detectPersonalData(text, personal);
    for (const f of personal) if (!overlapsAny(out, credentialsEnd, f)) out.push(f);
    if (wantBusiness) detectSensitiveBusiness(text, out, personal, opts?.businessDictionaries);
    if (!wantPersonal) removeCategory(out, 'personal_data');
  }
  const wantInjection = runs(opts, 'prompt_injection');
  const wantJailbreak = runs(opts, 'jailbreak');
  if (wantInjection || wantJailbreak) {
    const start = out.length;
    detectInjectionSigns(text, out);
    promptClassifier.detect(text, out, opts?.classifierThreshold);
    if (!wantInjection) removeCategory(out, 'prompt_injection', start);
    if (!wantJailbreak) removeCategory(out, 'jailbreak', start);
  }
  if (runs(opts, 'policy')) detectPolicyTopics(text, out, opts?.policyTopics ?? DEFAULT_POLICY_TOPICS);
  const min = opts?.minConfidence ?? 0;
  const kept = min > 0 ? out.filter((f) => f.confidence >= min) : out;
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

function overlapsAny(list: readonly PromptFinding[], end: number, f: PromptFinding): boolean {
  for (let i = 0; i < end; i++) {
    const g = list[i]!;
    if (g.start < f.end && f.start < g.end) return true;
  }
  return false;
}

function removeCategory(list: PromptFinding[], category: PromptFindingCategory, from = 0): void {
  let w = from;
  for (let r = from; r < list.length; r++) if (list[r]!.category !== category) list[w++] = list[r]!;
  list.length = w;
}
