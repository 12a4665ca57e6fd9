import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AiPromptEvent } from '../../events/event.js';
import { registerOtlpIngest } from './http-ingest.js';

const s = (key: string, v: string) => ({ key, value: { stringValue: v } });
const TRACES = {
  resourceSpans: [
    {
      resource: { attributes: [s('service.name', 'helpdesk-bot')] },
      scopeSpans: [
        {
          spans: [
            {
              spanId: 'a1',
              startTimeUnixNano: '1773306843000000000',
              attributes: [
                s('gen_ai.operation.name', 'chat'),
                s('user.id', 'carol@contoso.com'),
                s(
                  'gen_ai.input.messages',
                  '[{"role":"user","parts":[{"type":"text","content":"Reset my VPN token"}]}]',
                ),
              ],
            },
          ],
        },
      ],
    },
  ],
};

async function server() {
  const app = Fastify();
  const got: AiPromptEvent[] = [];
  registerOtlpIngest(app, {
    onEvents: (e) => void got.push(...e),
    authenticate: (r) => r.headers.authorization === 'Bearer otel-key',
  });
  await app.ready();
  return { app, got };
}

describe('OTLP/HTTP JSON receiver', () => {
  it('turns posted GenAI spans into prompt events', async () => {
    const { app, got } = await server();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { authorization: 'Bearer otel-key' },
      payload: TRACES,
    });
    expect(res.statusCode).toBe(200);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({
      actor: 'carol@contoso.com',
      prompt: 'Reset my VPN token',
      app: 'helpdesk-bot',
      source: { input: 'otlp:http' },
    });
  });

  it('refuses unauthenticated callers, protobuf and bodies that are not traces', async () => {
    const { app, got } = await server();
    expect((await app.inject({ method: 'POST', url: '/v1/traces', payload: TRACES })).statusCode).toBe(401);
    const proto = await app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { authorization: 'Bearer otel-key', 'content-type': 'application/x-protobuf' },
      payload: Buffer.from([1, 2, 3]),
    });
    expect(proto.statusCode).toBe(415);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/traces',
          headers: { authorization: 'Bearer otel-key' },
          payload: { foo: 1 },
        })
      ).statusCode,
    ).toBe(400);
    expect(got).toEqual([]);
  });
});
