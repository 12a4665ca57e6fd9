import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from './config.js';
import { gatewayFromConfig } from './from-config.js';
import { IdentityHolds } from './holds.js';

describe('gatewayFromConfig', () => {
  it('identifies callers by their configured keys and refuses others', async () => {
    const cfg = gatewayConfigSchema.parse({
      upstream: 'http://127.0.0.1:9/v1',
      keys: [{ key: { env: 'GW_BOT' }, actor: 'Report-Bot', actorType: 'agent', onBehalfOf: 'Ann@c.com' }],
    });
    const secrets: Record<string, string> = { GW_BOT: 'gw-secret-1' };
    const holds = new IdentityHolds();
    holds.holdIdentity('report-bot', Number.MAX_SAFE_INTEGER);
    const app = gatewayFromConfig(cfg, { holds, readSecret: (ref) => ('env' in ref ? secrets[ref.env]! : '') });
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: 'Bearer nope' },
      payload: body,
    });
    expect(unknown.statusCode).toBe(401);
    // Known, and on hold: refused before any upstream call (the upstream port is closed).
    const known = await app.inject({
      method: 'POST',
      url: '/v1/chat/completions',
      headers: { authorization: 'Bearer gw-secret-1' },
      payload: body,
    });
    expect(known.statusCode).toBe(403);
    expect(known.json().error.code).toBe('prompt_held');
  });
});
