import { describe, expect, it } from 'vitest';
import { scanPrompt } from '../../enrich/prompt/index.js';
import type { AiPromptEvent } from '../../events/event.js';
import { prepareForStore } from './privacy.js';

const PROMPT =
  'Email john.smith@contoso.com and use aws_secret_access_key = "Zx9Rt2Lm8Qp4Vb7Nc1Kd5Hf3Jg6Ws0Ae2Yu8Io4P" for the upload';

function event(findings = true): AiPromptEvent {
  const e: AiPromptEvent = {
    kind: 'ai.prompt',
    time: 0,
    source: { input: 'x' },
    entity: { kind: 'user', id: 'ann@c.com' },
    actor: 'ann@c.com',
    actorType: 'human',
    prompt: PROMPT,
    response: 'I wrote to john.smith@contoso.com',
  };
  if (findings) e.findings = scanPrompt(PROMPT);
  return e;
}

describe('prepareForStore', () => {
  it('masks personal data and secrets in prompt and response, keeping the findings', () => {
    const e = event();
    const s = prepareForStore(e, { mask: true });
    expect(s.prompt).toBe('Email [EMAIL] and use aws_secret_access_key = "[AWS_SECRET_KEY]" for the upload');
    expect(s.response).toBe('I wrote to [EMAIL]');
    expect(JSON.stringify(s)).not.toMatch(/john\.smith|Zx9Rt2/);
    expect(s.findings?.map((f) => f.category).sort()).toEqual(['credential', 'personal_data']);
    expect(e.prompt).toBe(PROMPT);
  });

  it('scans when the enricher has not, and stores as written when masking is off', () => {
    expect(prepareForStore(event(false), { mask: true }).prompt).not.toContain('john.smith');
    expect(prepareForStore(event(), { mask: false }).prompt).toBe(PROMPT);
  });

  it('follows the configured mask options', () => {
    const s = prepareForStore(event(), {
      mask: true,
      options: { categories: ['credential'], labels: { aws_secret_key: 'SECRET' } },
    });
    expect(s.prompt).toBe('Email john.smith@contoso.com and use aws_secret_access_key = "[SECRET]" for the upload');
  });
});
