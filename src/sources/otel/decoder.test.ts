import { describe, expect, it } from 'vitest';
import type { AiPromptEvent, Event } from '../../events/event.js';
import type { Reject } from '../../store/store.js';
import { otlpGenAiDecoder } from './decoder.js';

const s = (key: string, v: string) => ({ key, value: { stringValue: v } });
const T0 = '1773306843000000000';

/** An agent run as the 1.37+ conventions describe it: invoke_agent > chat + execute_tool. */
const agentRun = {
  resourceSpans: [
    {
      resource: { attributes: [s('service.name', 'expense-agent')] },
      scopeSpans: [
        {
          scope: { name: 'opentelemetry.instrumentation.openai' },
          spans: [
            {
              traceId: 'aa',
              spanId: '01',
              name: 'invoke_agent Expenses',
              startTimeUnixNano: T0,
              attributes: [
                s('gen_ai.operation.name', 'invoke_agent'),
                s('gen_ai.agent.id', 'asst_Expenses'),
                s('gen_ai.agent.name', 'Expenses'),
                s('user.id', 'Bob@Contoso.com'),
                s('gen_ai.conversation.id', 'conv-9'),
                s('gen_ai.request.model', 'gpt-4o'),
                s(
                  'gen_ai.input.messages',
                  JSON.stringify([
                    { role: 'system', parts: [{ type: 'text', content: 'You file expenses.' }] },
                    { role: 'user', parts: [{ type: 'text', content: 'File my taxi receipt' }] },
                  ]),
                ),
                s(
                  'gen_ai.output.messages',
                  JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Done.' }] }]),
                ),
              ],
            },
            {
              traceId: 'aa',
              spanId: '02',
              parentSpanId: '01',
              name: 'execute_tool upload_receipt',
              startTimeUnixNano: '1773306844000000000',
              attributes: [s('gen_ai.operation.name', 'execute_tool'), s('gen_ai.tool.name', 'upload_receipt')],
            },
            {
              traceId: 'aa',
              spanId: '03',
              parentSpanId: '02',
              name: 'retrieval',
              startTimeUnixNano: '1773306845000000000',
              attributes: [s('gen_ai.data_source.id', 'sharepoint:/sites/finance')],
            },
            {
              traceId: 'aa',
              spanId: '04',
              name: 'GET /health',
              startTimeUnixNano: T0,
              attributes: [s('http.method', 'GET')],
            },
          ],
        },
      ],
    },
  ],
};

/**
 * An agent run with its model calls, as the 1.37+ agent and inference span conventions lay it
 * out: `invoke_agent` (no message content: it is opt-in on agent spans) > `chat` asking for a tool,
 * `execute_tool`, and a second `chat` with the tool result giving the answer, that one exported
 * by the model proxy's own service.
 */
const msgs = (m: unknown[]) => JSON.stringify(m);
const text = (role: string, content: string) => ({ role, parts: [{ type: 'text', content }] });
const SYSTEM = text('system', 'You file expenses for Contoso staff.');
const ASK = text('user', 'File my taxi receipt from Tuesday');
const CALL = { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'upload_receipt', arguments: {} }] };
const RESULT = { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'receipt r-77 stored' }] };
const chatSpan = (spanId: string, at: string, input: unknown[], output: unknown[]) => ({
  traceId: 'bb',
  spanId,
  parentSpanId: 'b1',
  name: 'chat gpt-4o',
  kind: 3,
  startTimeUnixNano: at,
  attributes: [
    s('gen_ai.operation.name', 'chat'),
    s('gen_ai.provider.name', 'openai'),
    s('gen_ai.request.model', 'gpt-4o'),
    s('gen_ai.input.messages', msgs(input)),
    s('gen_ai.output.messages', msgs(output)),
  ],
});
const agentWithModelCalls = {
  resourceSpans: [
    {
      resource: { attributes: [s('service.name', 'expense-service')] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: 'bb',
              spanId: 'b1',
              name: 'invoke_agent Expenses',
              kind: 1,
              startTimeUnixNano: T0,
              attributes: [
                s('gen_ai.operation.name', 'invoke_agent'),
                s('gen_ai.provider.name', 'openai'),
                s('gen_ai.agent.name', 'Expenses'),
                s('gen_ai.conversation.id', 'conv-12'),
                s('user.id', 'Bob@Contoso.com'),
              ],
            },
            chatSpan('b2', '1773306843100000000', [SYSTEM, ASK], [CALL]),
            {
              traceId: 'bb',
              spanId: 'b3',
              parentSpanId: 'b1',
              name: 'execute_tool upload_receipt',
              kind: 1,
              startTimeUnixNano: '1773306843900000000',
              attributes: [
                s('gen_ai.operation.name', 'execute_tool'),
                s('gen_ai.tool.name', 'upload_receipt'),
                s('gen_ai.tool.call.id', 'call_1'),
                s('gen_ai.tool.type', 'function'),
              ],
            },
          ],
        },
      ],
    },
    {
      resource: { attributes: [s('service.name', 'llm-proxy')] },
      scopeSpans: [
        {
          spans: [
            chatSpan(
              'b4',
              '1773306844500000000',
              [SYSTEM, ASK, CALL, RESULT],
              [text('assistant', 'Filed: receipt r-77.')],
            ),
          ],
        },
      ],
    },
  ],
};

/** Older instrumentations: a chat span with the prompt in an event, OpenLLMetry's indexed attributes. */
const legacy = {
  resourceSpans: [
    {
      resource: { attributes: [s('service.name', 'helpdesk-bot'), s('enduser.id', 'carol@contoso.com')] },
      scopeSpans: [
        {
          spans: [
            {
              spanId: '11',
              startTimeUnixNano: T0,
              attributes: [s('gen_ai.system', 'openai'), s('gen_ai.request.model', 'gpt-3.5-turbo')],
              events: [
                { name: 'gen_ai.user.message', attributes: [s('content', 'Reset my VPN token')] },
                {
                  name: 'gen_ai.choice',
                  attributes: [{ key: 'message', value: { kvlistValue: { values: [s('content', 'Sure')] } } }],
                },
              ],
            },
            {
              spanId: '13',
              startTimeUnixNano: T0,
              attributes: [s('gen_ai.operation.name', 'chat')],
              events: [
                {
                  name: 'gen_ai.user.message',
                  attributes: [s('gen_ai.event.content', '{"content":"Book a room for Friday"}')],
                },
                {
                  name: 'gen_ai.choice',
                  attributes: [s('gen_ai.event.content', '{"index":0,"message":{"content":"Booked"}}')],
                },
              ],
            },
            {
              spanId: '12',
              startTimeUnixNano: T0,
              attributes: [
                s('gen_ai.prompt.0.role', 'system'),
                s('gen_ai.prompt.0.content', 'be brief'),
                s('gen_ai.prompt.1.role', 'user'),
                s('gen_ai.prompt.1.content', 'What is our leave policy?'),
                s('gen_ai.completion.0.content', '25 days'),
              ],
            },
          ],
        },
      ],
    },
  ],
};

function decode(lines: string[]): { events: AiPromptEvent[]; rejects: Reject[]; skipped: string[] } {
  const events: Event[] = [];
  const rejects: Reject[] = [];
  const skipped: string[] = [];
  const d = otlpGenAiDecoder.open('traces.json', {
    event: (e) => events.push(e),
    reject: (r) => rejects.push(r),
    skip: (w) => skipped.push(w),
  });
  for (const [i, l] of lines.entries()) d.line(l, i + 1);
  d.end();
  return { events: events as AiPromptEvent[], rejects, skipped };
}

describe('OTLP GenAI decoder', () => {
  it('turns an agent run into one prompt with its tools and data sources', () => {
    const { events, rejects } = decode([JSON.stringify(agentRun)]);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.entity).toEqual({ kind: 'agent', id: 'asst_expenses' });
    expect(e.actorType).toBe('agent');
    expect(e.onBehalfOf).toBe('bob@contoso.com');
    expect(e.prompt).toBe('File my taxi receipt');
    expect(e.response).toBe('Done.');
    expect(e.model).toBe('gpt-4o');
    expect(e.app).toBe('expense-agent');
    expect(e.session).toBe('conv-9');
    expect(e.tools).toEqual(['upload_receipt']);
    expect(e.resources).toEqual(['sharepoint:/sites/finance']);
    expect(e.time).toBe(1773306843000);
    expect(e.source).toEqual({ input: 'traces.json', line: 1, cursor: '01' });
  });

  it('reads the older event and indexed-attribute conventions', () => {
    const { events } = decode([JSON.stringify(legacy)]);
    expect(events.map((e) => [e.actor, e.actorType, e.prompt, e.response])).toEqual([
      ['carol@contoso.com', 'human', 'Reset my VPN token', 'Sure'],
      ['carol@contoso.com', 'human', 'Book a room for Friday', 'Booked'],
      ['carol@contoso.com', 'human', 'What is our leave policy?', '25 days'],
    ]);
  });

  it('makes one event of an agent run, attributed to the agent, with its model calls folded in', () => {
    const { events } = decode([JSON.stringify(agentWithModelCalls)]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: 'expenses',
      actorType: 'agent',
      entity: { kind: 'agent', id: 'expenses' },
      onBehalfOf: 'bob@contoso.com',
      app: 'expense-service',
      model: 'gpt-4o',
      session: 'conv-12',
      prompt: 'File my taxi receipt from Tuesday',
      response: 'Filed: receipt r-77.',
      tools: ['upload_receipt'],
      source: { cursor: 'b1' },
    });
    // The same model calls without the agent span around them are prompts of their own (and the
    // orphaned tool call an event of its service).
    const bare = structuredClone(agentWithModelCalls);
    bare.resourceSpans[0]!.scopeSpans[0]!.spans.shift();
    expect(decode([JSON.stringify(bare)]).events.map((e) => [e.actor, e.source.cursor])).toEqual([
      ['expense-service', 'b2'],
      ['llm-proxy', 'b4'],
      ['expense-service', 'b3'],
    ]);
  });

  it('reads a pretty-printed document whole and rejects broken ones', () => {
    const pretty = JSON.stringify(agentRun, null, 2).split('\n');
    expect(decode(pretty).events).toHaveLength(1);
    const broken = decode(pretty.slice(0, 10));
    expect(broken.events).toEqual([]);
    expect(broken.rejects[0]?.reason).toMatch(/JSON/);
    expect(decode(['{"foo":1}']).rejects[0]?.reason).toMatch(/resourceSpans/);
  });

  it('masks personal data and secrets in what it keeps of a rejected document', () => {
    const prompt = 'Email john.smith@contoso.com the key AKIA2OGYBAH6STMMNXNQ';
    const doc = { resourceSpan: [{ attributes: [s('gen_ai.prompt', prompt)] }] };
    const one = decode([JSON.stringify(doc)]).rejects[0]!;
    expect(one.reason).toMatch(/resourceSpans/);
    const broken = decode(JSON.stringify(doc, null, 2).split('\n').slice(0, -1)).rejects[0]!;
    expect(broken.reason).toMatch(/JSON/);
    for (const r of [one, broken]) {
      expect(r.text).toContain('gen_ai.prompt');
      expect(r.text).not.toMatch(/john\.smith|AKIA2OGYBAH6STMMNXNQ/);
    }
  });

  it('counts non-GenAI traces as skipped, not rejected', () => {
    const plain = {
      resourceSpans: [
        { scopeSpans: [{ spans: [{ spanId: '1', startTimeUnixNano: T0, attributes: [s('http.method', 'GET')] }] }] },
      ],
    };
    const r = decode([JSON.stringify(plain)]);
    expect(r.events).toEqual([]);
    expect(r.rejects).toEqual([]);
    expect(r.skipped).toEqual(['otlp:non-genai']);
  });

  it('sniffs OTLP JSON by content', () => {
    expect(otlpGenAiDecoder.sniff(JSON.stringify(agentRun), 'x')).toBeGreaterThanOrEqual(0.5);
    expect(otlpGenAiDecoder.sniff('{"time":"2026-01-01T00:00:00Z","actor":"a","prompt":"x"}', 'x')).toBe(0);
  });
});
