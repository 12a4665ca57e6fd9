/**
 * What a prompt detector reports: where in the text something risky is and how sure it is.
 * A finding never carries the matched text, so storing findings never stores the secret.
 */
export type PromptFindingCategory =
  | 'personal_data'
  | 'credential'
  | 'sensitive_business'
  | 'prompt_injection'
  | 'jailbreak'
  | 'policy';

export interface PromptFinding {
  category: PromptFindingCategory;
  /** The identifier or sign, e.g. `payment_card`, `aws_access_key`, `iban`, `ignore_previous_instructions`. */
  type: string;
  /** UTF-16 offsets into the scanned text, end exclusive. */
  start: number;
  end: number;
  /** 0..1. */
  confidence: number;
  /** A short explanation that never repeats the matched value (e.g. the checksum that passed, a topic name). */
  detail?: string;
}

export const PROMPT_FINDING_CATEGORIES: readonly PromptFindingCategory[] = [
  'personal_data',
  'credential',
  'sensitive_business',
  'prompt_injection',
  'jailbreak',
  'policy',
];
