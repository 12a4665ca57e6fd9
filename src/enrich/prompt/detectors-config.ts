import { z } from 'zod';
import { PROMPT_FINDING_CATEGORIES, type PromptFindingCategory } from './finding.js';
import type { ScanOptions } from './index.js';
import type { MaskOptions } from './mask.js';
import { DEFAULT_POLICY_TOPICS, type PolicyTopic } from './policy-topics.js';

/**
 * The prompt detectors' configuration, under `ai.detectors` in the telltale config: which
 * categories run, policy topics and business dictionaries in plain phrases, the classifier
 * threshold, and how stored prompts are masked. Validated once at load; the result is plain
 * ScanOptions / MaskOptions objects kept for the life of the process, so configured phrases are
 * compiled once.
 */

const category = z.enum(PROMPT_FINDING_CATEGORIES as unknown as [PromptFindingCategory, ...PromptFindingCategory[]]);
const confidence = z.number().min(0).max(1);

const topic = z.object({
  id: z.string().min(1),
  phrases: z.array(z.string().min(1)).min(1),
  confidence: confidence.optional(),
});

export const promptDetectorsConfigSchema = z
  .object({
    /** Categories to detect; default all. */
    categories: z.array(category).optional(),
    /** Replace the default policy topics (malware development, credential theft, data exfiltration, ...). */
    policyTopics: z.array(topic).optional(),
    /** Topics added to the defaults (or to `policyTopics` when given). */
    extraPolicyTopics: z.array(topic).default([]),
    /** Organisation terms reported as sensitive business data, e.g. project code names. */
    businessDictionaries: z
      .array(
        z.object({
          type: z.string().min(1),
          terms: z.array(z.string().min(1)).min(1),
          confidence: confidence.optional(),
        }),
      )
      .default([]),
    /** P(attack) at which the injection/jailbreak classifier reports; default the trained threshold. */
    classifierThreshold: confidence.optional(),
    /** Findings below this confidence are dropped. */
    minConfidence: confidence.default(0),
    /** Masking of stored prompts: on by default for personal data and credentials. */
    mask: z
      .object({
        enabled: z.boolean().default(true),
        categories: z.array(category).default(['personal_data', 'credential']),
        /** Label per finding type, e.g. { "payment_card": "PAN" }. */
        labels: z.record(z.string(), z.string().min(1)).default({}),
        minConfidence: confidence.default(0.5),
      })
      .prefault({}),
  })
  .prefault({});

export type PromptDetectorsConfig = z.output<typeof promptDetectorsConfigSchema>;

export interface PromptDetectorSettings {
  scan: ScanOptions;
  /** Undefined when masking is switched off. */
  mask: MaskOptions | undefined;
}

/** Validates `ai.detectors` (throws a ZodError naming the bad field) and builds the options to pass to scanPrompt / maskPrompt. */
export function promptDetectorSettings(raw: unknown): PromptDetectorSettings {
  const cfg = promptDetectorsConfigSchema.parse(raw ?? {});
  const topics: PolicyTopic[] = [...(cfg.policyTopics ?? DEFAULT_POLICY_TOPICS), ...cfg.extraPolicyTopics];
  const scan: ScanOptions = {
    policyTopics: topics,
    businessDictionaries: cfg.businessDictionaries,
    minConfidence: cfg.minConfidence,
  };
  if (cfg.categories) scan.categories = cfg.categories;
  if (cfg.classifierThreshold !== undefined) scan.classifierThreshold = cfg.classifierThreshold;
  const mask: MaskOptions | undefined = cfg.mask.enabled
    ? { categories: cfg.mask.categories, labels: cfg.mask.labels, minConfidence: cfg.mask.minConfidence }
    : undefined;
  return { scan, mask };
}
