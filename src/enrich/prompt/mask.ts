import type { PromptFinding, PromptFindingCategory } from './finding.js';

/**
 * Masking for storage and for the gateway's redact decision: personal data and secrets are
 * replaced by a bracketed label of their type (`[CARD]`, `[AWS_ACCESS_KEY]`), so a stored prompt
 * still reads naturally and says what was there without keeping it.
 */

export interface MaskOptions {
  /** Categories whose spans are replaced; default personal data and credentials. */
  categories?: readonly PromptFindingCategory[];
  /** Label per finding type, overriding the default upper-cased type name. */
  labels?: Readonly<Record<string, string>>;
  /** Findings below this confidence are left as written. Default 0.5. */
  minConfidence?: number;
}

const DEFAULT_MASKED: readonly PromptFindingCategory[] = ['personal_data', 'credential'];

const DEFAULT_LABELS: Readonly<Record<string, string>> = {
  payment_card: 'CARD',
  email: 'EMAIL',
  phone: 'PHONE',
  ip_address: 'IP',
  postal_address: 'ADDRESS',
  date_of_birth: 'DOB',
  person_name: 'NAME',
  iban: 'IBAN',
  us_ssn: 'SSN',
};

function labelOf(f: PromptFinding, labels: Readonly<Record<string, string>> | undefined): string {
  return labels?.[f.type] ?? DEFAULT_LABELS[f.type] ?? f.type.toUpperCase();
}

export function maskPrompt(text: string, findings: readonly PromptFinding[], opts: MaskOptions = {}): string {
  const categories = opts.categories ?? DEFAULT_MASKED;
  const minConfidence = opts.minConfidence ?? 0.5;
  const spans = findings
    .filter((f) => categories.includes(f.category) && f.confidence >= minConfidence && f.end > f.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  if (spans.length === 0) return text;
  let result = '';
  let cursor = 0;
  for (const f of spans) {
    // overlapping spans: the earlier, longer one already covers this one (or most of it)
    if (f.start < cursor) {
      if (f.end <= cursor) continue;
      result += `[${labelOf(f, opts.labels)}]`;
      cursor = f.end;
      continue;
    }
    result += text.slice(cursor, f.start) + `[${labelOf(f, opts.labels)}]`;
    cursor = f.end;
  }
  return result + text.slice(cursor);
}
