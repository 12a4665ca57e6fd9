import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AiPromptEvent } from '../../events/event.js';
import { registerPromptIngest } from './http-ingest.js';

async function server() {
  const app = Fastify();
  const got: AiPromptEvent[] = [];
  registerPromptIngest(app, {
    onEvents: (events) => {
      got.push(...events);
    },
    authenticate: (req) => req.headers.authorization === 'Bearer ingest-key',
    maxRecords: 3,
  });
  await app.ready();
  return { app, got };
}

const OK = {
  time: '2026-03-12T09:14:03Z',
  actor: 'Alice@Contoso.com',
  prompt: 'Summarise Q1',
  tools: ['sharepoint.search'],
};

describe('prompt HTTP ingest', () => {
  it('accepts JSON lines and reports bad lines with their reasons', async () => {
    const { app, got } = await server();
    const body = [JSON.stringify(OK), '', '{"actor":"a","prompt":"x"}', '{oops'].join('\n');
    const res = await app.inject({
      method: 'POST',
      url: '/api/ingest/prompts',
      headers: { authorization: 'Bearer ingest-key', 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({
      accepted: 1,
      rejected: [
        { line: 3, reason: expect.stringMatching(/time/) },
        { line: 4, reason: 'not valid JSON' },
      ],
    });
    expect(got[0]).toMatchObject({
      kind: 'ai.prompt',
      actor: 'alice@contoso.com',
      tools: ['sharepoint.search'],
      source: { input: 'http:prompts', line: 1 },
    });
  });

  it('accepts a JSON object or array', async () => {
    const { app, got } = await server();
    const one = await app.inject({
      method: 'POST',
      url: '/api/ingest/prompts',
      headers: { authorization: 'Bearer ingest-key' },
      payload: OK,
    });
    const many = await app.inject({
      method: 'POST',
      url: '/api/ingest/prompts',
      headers: { authorization: 'Bearer ingest-key' },
      payload: [OK, OK],
    });
    expect(one.json().accepted).toBe(1);
    expect(many.json().accepted).toBe(2);
    expect(got).toHaveLength(3);
  });

  it('refuses callers without credentials and oversized batches, storing nothing', async () => {
    const { app, got } = await server();
    const anon = await app.inject({ method: 'POST', url: '/api/ingest/prompts', payload: OK });
    expect(anon.statusCode).toBe(401);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/ingest/prompts',
      headers: { authorization: 'Bearer guess' },
      payload: OK,
    });
    expect(wrong.statusCode).toBe(401);
    const big = await app.inject({
      method: 'POST',
      url: '/api/ingest/prompts',
      headers: { authorization: 'Bearer ingest-key' },
      payload: [OK, OK, OK, OK],
    });
    expect(big.statusCode).toBe(413);
    expect(got).toEqual([]);
  });
});
