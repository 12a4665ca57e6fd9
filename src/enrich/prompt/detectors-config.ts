import { z } from 'zod';
import { PROMPT_FINDING_CATEGORIES, type PromptFindingCategory } from './finding.js';
import type { ScanOptions } from './index.js';
import type { MaskOptions } from './mask.js';
import { checkTopicExamples, DEFAULT_POLICY_TOPICS, type PolicyTopic } from './policy-topics.js';

/**
 * The prompt detectors' configuration, under `ai.detectors` in the telltale config: which
 * categories run, policy topics and business dictionaries in plain phrases, the classifier
 * threshold, and how stored prompts are masked. Validated once at load; the result is plain
 * ScanOptions / MaskOptions objects kept for the life of the process, so configured phrases are
 * compiled once.
 */

const category = z.enum(PROMPT_FINDING_CATEGORIES as unknown as [PromptFindingCategory, ...PromptFindingCategory[]]);
const confidence = z.number().min(0).max(1);

const words = z.array(z.string().min(1)).min(1);

const topic = z
  .object({
    id: z.string().min(1),
    phrases: words.optional(),
    patterns: z
      .array(
        z.object({
          allOf: z.array(words).min(1),
          within: z.number().int().min(1).max(50).optional(),
          unless: z.array(z.string().min(1)).optional(),
        }),
      )
      .optional(),
    examples: z.array(z.string().min(1)).optional(),
    counterExamples: z.array(z.string().min(1)).optional(),
    confidence: confidence.optional(),
  })
  .refine((t) => (t.phrases?.length ?? 0) + (t.patterns?.length ?? 0) > 0, {
    message: 'a topic needs phrases or patterns',
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

/**
 * Validates `ai.detectors` (throws a ZodError naming the bad field, or an Error naming a topic
 * whose examples it does not match) and builds the options to pass to scanPrompt / maskPrompt.
 */
export function promptDetectorSettings(raw: unknown): PromptDetectorSettings {
  const cfg = promptDetectorsConfigSchema.parse(raw ?? {});
  const topics: PolicyTopic[] = [...(cfg.policyTopics ?? DEFAULT_POLICY_TOPICS), ...cfg.extraPolicyTopics];
  const problems = checkTopicExamples([...(cfg.policyTopics ?? []), ...cfg.extraPolicyTopics]);
  if (problems.length > 0) throw new Error(`ai.detectors policy topics: ${problems.join('; ')}`);
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
