import { describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from './config.js';

describe('gatewayConfigSchema', () => {
  it('fills the default policy and refuses unknown categories', () => {
    const c = gatewayConfigSchema.parse({
      upstream: 'http://127.0.0.1:9000/v1',
      keys: [{ key: { env: 'GW_ANN' }, actor: 'ann@c.com' }],
    });
    expect(c.policy.hold).toContain('prompt_injection');
    expect(c.policy.redact).toContain('credential');
    expect(c.keys[0]!.actorType).toBe('human');
    expect(() =>
      gatewayConfigSchema.parse({ upstream: 'http://127.0.0.1:9000/v1', policy: { hold: ['gossip'] } }),
    ).toThrow();
  });
});
