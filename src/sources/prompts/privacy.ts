import { type MaskOptions, maskPrompt, scanPrompt } from '../../enrich/prompt/index.js';
import type { AiPromptEvent } from '../../events/event.js';

export interface StoreOptions {
  /** Mask before storing: on by default (config `ai.detectors.mask.enabled`). */
  mask: boolean;
  /** Which categories, labels and confidence (config `ai.detectors.mask`); default personal data and credentials. */
  options?: MaskOptions;
}

const DEFAULT_MASK: MaskOptions = { categories: ['personal_data', 'credential'] };

/** Longer than any secret or identifier the detectors find, so one cut at the limit is still seen whole. */
const REJECT_SCAN_MARGIN = 256;

/**
 * The form of a prompt event that may be written to the store: with `mask`, personal data and
 * secrets in the prompt, the response, the tools and the resources are replaced by their type
 * (`[CARD]`, `[AWS_SECRET_KEY]`). Findings keep their category, type and span (which then point
 * into the original text, not the stored one) and never held the value. Returns a copy; the event
 * itself is left as it was.
 *
 * The mask scans for its own categories rather than reusing the event's findings: those were made
 * with the detection settings (`ai.detectors.categories`, `minConfidence`), and switching a
 * detection off must not switch storage masking off with it.
 */
export function prepareForStore(event: AiPromptEvent, opts: StoreOptions): AiPromptEvent {
  if (!opts.mask) return event;
  const mask = opts.options ?? DEFAULT_MASK;
  const categories = mask.categories ?? DEFAULT_MASK.categories;
  const maskText = (text: string): string =>
    text === '' ? text : maskPrompt(text, scanPrompt(text, { categories }), mask);
  const own = scanPrompt(event.prompt, { categories });
  const out: AiPromptEvent = { ...event, prompt: maskPrompt(event.prompt, own, mask) };
  if (event.findings === undefined) out.findings = own;
  if (event.response !== undefined) out.response = maskText(event.response);
  if (event.tools !== undefined) out.tools = event.tools.map(maskText);
  if (event.resources !== undefined) out.resources = event.resources.map(maskText);
  return out;
}

/**
 * The text a prompt source keeps of a line it rejects, so that an operator can see what was wrong
 * with it: the first `max` characters, with personal data and secrets masked before cutting (a cut
 * card number would no longer be recognised). A record that parsed keeps its fields but not its
 * prompt or response, only their length: a rejected line must not become a store of prompts.
 */
export function rejectedPromptText(raw: string, max: number, parsed?: unknown): string {
  let text = raw;
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const r = { ...(parsed as Record<string, unknown>) };
    for (const k of ['prompt', 'response'])
      if (typeof r[k] === 'string') r[k] = `[${k.toUpperCase()}: ${(r[k] as string).length} characters]`;
    text = JSON.stringify(r);
  }
  // What is found across the cut is found in a window a little longer than what is kept; a
  // rejected document can be megabytes long and need not be scanned whole.
  const head = text.slice(0, max + REJECT_SCAN_MARGIN);
  const categories = DEFAULT_MASK.categories!;
  return maskPrompt(head, scanPrompt(head, { categories }), { categories, minConfidence: 0 }).slice(0, max);
}
