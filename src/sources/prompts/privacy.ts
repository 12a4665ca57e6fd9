import { type MaskOptions, maskPrompt, scanPrompt } from '../../enrich/prompt/index.js';
import type { AiPromptEvent } from '../../events/event.js';

export interface StoreOptions {
  /** Mask before storing: on by default (config `ai.detectors.mask.enabled`). */
  mask: boolean;
  /** Which categories, labels and confidence (config `ai.detectors.mask`); default personal data and credentials. */
  options?: MaskOptions;
}

const DEFAULT_MASK: MaskOptions = { categories: ['personal_data', 'credential'] };

/**
 * The form of a prompt event that may be written to the store: with `mask`, personal data and
 * secrets in the prompt and the response are replaced by their type (`[CARD]`, `[AWS_SECRET_KEY]`).
 * Findings keep their category, type and span (which then point into the original text, not the
 * stored one) and never held the value. Returns a copy; the event itself is left as it was.
 */
export function prepareForStore(event: AiPromptEvent, opts: StoreOptions): AiPromptEvent {
  if (!opts.mask) return event;
  const mask = opts.options ?? DEFAULT_MASK;
  const categories = mask.categories ?? DEFAULT_MASK.categories;
  const findings = event.findings ?? scanPrompt(event.prompt, { categories });
  const out: AiPromptEvent = { ...event, prompt: maskPrompt(event.prompt, findings, mask) };
  if (event.findings === undefined) out.findings = findings;
  if (event.response !== undefined && event.response !== '') {
    out.response = maskPrompt(event.response, scanPrompt(event.response, { categories }), mask);
  }
  return out;
}
