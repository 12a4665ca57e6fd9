import { describe, expect, it } from 'vitest';
import type { PromptFinding } from '../enrich/prompt/finding.js';
import { IdentityHolds } from './holds.js';
import { DEFAULT_GATEWAY_POLICY, decideGateway } from './policy.js';

const f = (category: PromptFinding['category'], type: string, confidence = 0.9): PromptFinding => ({
  category,
  type,
  start: 0,
  end: 5,
  confidence,
});

describe('decideGateway', () => {
  it('passes clean prompts and business data', () => {
    expect(decideGateway([], { held: false }, DEFAULT_GATEWAY_POLICY).action).toBe('pass');
    expect(
      decideGateway([f('sensitive_business', 'source_code')], { held: false }, DEFAULT_GATEWAY_POLICY).action,
    ).toBe('pass');
  });

  it('redacts secrets and personal data, naming what', () => {
    const d = decideGateway(
      [f('credential', 'aws_access_key'), f('personal_data', 'email')],
      { held: false },
      DEFAULT_GATEWAY_POLICY,
    );
    expect(d).toEqual({
      action: 'redact',
      reasons: ['credential: aws_access_key', 'personal_data: email'],
      redact: ['credential', 'personal_data'],
    });
  });

  it('holds injection even when there is also something to redact, and ignores weak findings', () => {
    expect(
      decideGateway(
        [f('personal_data', 'email'), f('prompt_injection', 'ignore_previous_instructions')],
        { held: false },
        DEFAULT_GATEWAY_POLICY,
      ).action,
    ).toBe('hold');
    expect(
      decideGateway([f('prompt_injection', 'classifier', 0.3)], { held: false }, DEFAULT_GATEWAY_POLICY).action,
    ).toBe('pass');
  });

  it('holds everything from an identity on hold', () => {
    const d = decideGateway([], { held: true, reason: 'Response / AI / Risky Prompt Hold' }, DEFAULT_GATEWAY_POLICY);
    expect(d.action).toBe('hold');
    expect(d.reasons[0]).toMatch(/on hold/);
  });
});

describe('IdentityHolds', () => {
  it('holds until the given time, case-insensitively, and can be released', () => {
    const h = new IdentityHolds();
    h.holdIdentity('Ann@C.com', 1000, 'incident i-1');
    expect(h.state('ann@c.com', 999)).toEqual({ held: true, until: 1000, reason: 'incident i-1' });
    expect(h.state('ann@c.com', 1000).held).toBe(false);
    h.holdIdentity('bob@c.com', 5000);
    h.release('BOB@c.com');
    expect(h.state('bob@c.com', 0).held).toBe(false);
  });
});
