import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('masks every finding its redact decision counted, whatever the storage mask floor is', async () => {
    const bodies: string[] = [];
    const upstream = createServer((req, res) => {
      let s = '';
      req.on('data', (c: Buffer) => (s += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(s);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    try {
      const cfg = gatewayConfigSchema.parse({
        upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`,
        keys: [{ key: { env: 'GW_ANN' }, actor: 'ann@c.com' }],
        policy: { minConfidence: 0.5 },
      });
      const decisions: string[] = [];
      const app = gatewayFromConfig(cfg, {
        holds: new IdentityHolds(),
        readSecret: () => 'gw-ann-key',
        // The storage mask only masks what it is sure of; the gateway's own floor is lower.
        mask: { minConfidence: 0.9, labels: { phone: 'TEL' } },
        onPrompt: (_e, d) => decisions.push(d.action),
      });
      // A phone number without a cue word is found at confidence 0.7.
      const res = await app.inject({
        method: 'POST',
        url: '/v1/chat/completions',
        headers: { authorization: 'Bearer gw-ann-key' },
        payload: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Ask Dana at +44 20 7946 0958 about it' }] },
      });
      expect(res.statusCode).toBe(200);
      expect(decisions).toEqual(['redact']);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).not.toContain('7946');
      expect(JSON.parse(bodies[0]!).messages[0].content).toBe('Ask Dana at [TEL] about it');
      await app.close();
    } finally {
      await new Promise<void>((r) => upstream.close(() => r()));
    }
  });
});
