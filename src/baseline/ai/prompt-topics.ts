import type { PromptFinding } from '../../enrich/prompt/finding.js';

/**
 * What a prompt is about, as the detectors saw it: each policy topic and kind of business data by
 * name (`policy:credential_theft`, `business:source_code`), other finding categories as a whole
 * (`credential`, `personal_data`, ...). Learnt per actor and per department, so that "nobody in
 * Sales ever asks the assistant about credentials" is a fact the models can state.
 */
export function promptTopics(findings: readonly PromptFinding[] | undefined): string[] {
  if (findings === undefined || findings.length === 0) return [];
  const out: string[] = [];
  for (const f of findings) {
    const topic =
      f.category === 'policy'
        ? `policy:${f.type}`
        : f.category === 'sensitive_business'
          ? `business:${f.type}`
          : f.category;
    if (!out.includes(topic)) out.push(topic);
  }
  return out;
}
