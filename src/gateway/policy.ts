import type { PromptFinding, PromptFindingCategory } from '../enrich/prompt/finding.js';

/** Whether a response action has put an identity on hold, and until when. */
export interface IdentityState {
  held: boolean;
  /** Event time the hold ends (ms). */
  until?: number;
  reason?: string;
}

/** Per finding category, what the gateway does when a prompt has it (at or above `minConfidence`). */
export interface GatewayPolicy {
  hold: readonly PromptFindingCategory[];
  redact: readonly PromptFindingCategory[];
  minConfidence: number;
}

/**
 * Injection, jailbreak and forbidden topics are held (a masked attack is still an attack); secrets
 * and personal data are redacted, so the request still works without them; business data passes
 * and is recorded.
 */
export const DEFAULT_GATEWAY_POLICY: GatewayPolicy = {
  hold: ['prompt_injection', 'jailbreak', 'policy'],
  redact: ['credential', 'personal_data'],
  minConfidence: 0.5,
};

export type GatewayVerdict = 'pass' | 'redact' | 'hold';

export interface GatewayDecision {
  action: GatewayVerdict;
  /** Why, in words (categories and types, never the matched text). */
  reasons: string[];
  /** For `redact`: the categories to mask. */
  redact: PromptFindingCategory[];
}

/**
 * The gateway's pure policy: hold when the identity is on hold or a finding's category is to be
 * held; otherwise redact the categories to be redacted; otherwise pass.
 */
export function decideGateway(
  findings: readonly PromptFinding[],
  identity: IdentityState,
  policy: GatewayPolicy,
): GatewayDecision {
  if (identity.held) {
    return {
      action: 'hold',
      reasons: [`identity on hold${identity.reason ? ` (${identity.reason})` : ''}`],
      redact: [],
    };
  }
  const holdReasons: string[] = [];
  const redactReasons: string[] = [];
  const redact: PromptFindingCategory[] = [];
  for (const f of findings) {
    if (f.confidence < policy.minConfidence) continue;
    const why = `${f.category}: ${f.type}`;
    if (policy.hold.includes(f.category)) {
      if (!holdReasons.includes(why)) holdReasons.push(why);
    } else if (policy.redact.includes(f.category)) {
      if (!redactReasons.includes(why)) redactReasons.push(why);
      if (!redact.includes(f.category)) redact.push(f.category);
    }
  }
  if (holdReasons.length > 0) return { action: 'hold', reasons: holdReasons, redact: [] };
  if (redact.length > 0) return { action: 'redact', reasons: redactReasons, redact };
  return { action: 'pass', reasons: [], redact: [] };
}

/**
 * The findings a `redact` decision counted, which are exactly the ones to mask: a mask with its own
 * confidence floor or categories would let a finding that decided the redaction through unmasked.
 */
export function findingsToRedact(
  findings: readonly PromptFinding[],
  decision: GatewayDecision,
  policy: GatewayPolicy,
): PromptFinding[] {
  if (decision.action !== 'redact') return [];
  return findings.filter((f) => f.confidence >= policy.minConfidence && decision.redact.includes(f.category));
}
