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

  it('masks what the detection settings did not look for', () => {
    const noPersonal = {
      ...event(false),
      findings: scanPrompt(PROMPT, { categories: ['prompt_injection', 'jailbreak'] }),
    };
    const highFloor = { ...event(false), findings: scanPrompt(PROMPT, { minConfidence: 0.99 }) };
    for (const e of [noPersonal, highFloor]) {
      const s = prepareForStore(e, { mask: true });
      expect(s.prompt).toBe('Email [EMAIL] and use aws_secret_access_key = "[AWS_SECRET_KEY]" for the upload');
      // The detection findings are the event's own and are kept as they were.
      expect(s.findings).toEqual(e.findings);
    }
  });

  it('masks personal data and secrets in tools and resources too', () => {
    const e: AiPromptEvent = {
      ...event(),
      tools: ['sharepoint.search', 'reply to john.smith@contoso.com'],
      resources: ['sharepoint:/sites/finance/q1.xlsx', 'https://files.contoso.com/x?sig=1&AKIA2OGYBAH6STMMNXNQ'],
    };
    const s = prepareForStore(e, { mask: true });
    expect(s.tools).toEqual(['sharepoint.search', 'reply to [EMAIL]']);
    expect(s.resources).toEqual([
      'sharepoint:/sites/finance/q1.xlsx',
      'https://files.contoso.com/x?sig=1&[AWS_ACCESS_KEY]',
    ]);
    expect(e.tools?.[1]).toContain('john.smith');
  });
});
