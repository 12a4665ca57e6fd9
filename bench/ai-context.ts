/**
 * AI prompts in context: (1) throughput of the AI pattern of life plus all AI models on prompt
 * events, against the pattern of life alone (learning without judging), in the same run; (2) the
 * gateway's added latency per request (inspect, decide, forward) against calling the same local
 * stub upstream directly, for short and long prompts, streaming off.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { DEFAULT_BASELINE_OPTIONS } from '../src/baseline/component.js';
import { Baselines } from '../src/baseline/index.js';
import { Detector } from '../src/engine/detector.js';
import { maskPrompt, scanPrompt } from '../src/enrich/prompt/index.js';
import type { AiPromptEvent, Event } from '../src/events/event.js';
import { IdentityHolds } from '../src/gateway/holds.js';
import { identifyByApiKey } from '../src/gateway/identity.js';
import { DEFAULT_GATEWAY_POLICY } from '../src/gateway/policy.js';
import { createGateway } from '../src/gateway/server.js';
import { AI_MODELS } from '../src/models/ai/index.js';
import type { Breach } from '../src/models/breach.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2);
const TEXTS = [
  'Summarise the attached meeting notes and list the action items per owner',
  'Draft a reply to the customer about the delayed shipment, polite and short',
  'Rewrite this paragraph for a board audience: revenue grew in all regions',
  'Email john.smith@contoso.com the minutes and call +44 20 7946 0958 tomorrow',
  'Why does this fail? aws_secret_access_key = "Zx9Rt2Lm8Qp4Vb7Nc1Kd5Hf3Jg6Ws0Ae2Yu8Io4P"',
];

/** 200 people and 10 agents prompting through working hours for `days` days, with findings set. */
function promptStream(days: number): Event[] {
  const findings = TEXTS.map((t) => scanPrompt(t));
  const out: Event[] = [];
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < 2_000; i++) {
      const who = Math.floor(rnd() * 210);
      const agent = who >= 200;
      const k = Math.floor(rnd() * TEXTS.length);
      const actor = agent ? `agent-${who}` : `user${who}@contoso.com`;
      const e: AiPromptEvent = {
        kind: 'ai.prompt',
        time: T0 + d * 24 * HOUR + 8 * HOUR + Math.floor((i / 2_000) * 9 * HOUR),
        source: { input: 'bench', line: out.length + 1 },
        entity: { kind: agent ? 'agent' : 'user', id: actor },
        actor,
        actorType: agent ? 'agent' : 'human',
        app: rnd() < 0.98 ? 'chat.contoso-ai' : `tool-${Math.floor(rnd() * 50)}`,
        model: 'gpt-4o',
        prompt: TEXTS[k]!,
        tools: ['sharepoint.search'],
        resources: [`sharepoint:/sites/team-${who % 12}/doc-${Math.floor(rnd() * 40)}.docx`],
        findings: findings[k]!,
      };
      out.push(e);
    }
  }
  return out;
}

function eventsPerSecond(events: readonly Event[], judge: boolean): number {
  const baselines = new Baselines(DEFAULT_BASELINE_OPTIONS);
  const detector = new Detector({ models: judge ? AI_MODELS : [], baselines, learnUntil: T0 + 7 * 24 * HOUR });
  const out: Breach[] = [];
  const start = process.hrtime.bigint();
  for (const e of events) detector.process(e, out);
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return events.length / secs;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function latencies(url: string, body: string, n: number): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n + 20; i++) {
    const start = process.hrtime.bigint();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
      body,
    });
    await res.arrayBuffer();
    if (i >= 20) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}

export async function run(): Promise<string> {
  const events = promptStream(14);
  eventsPerSecond(events.slice(0, 5_000), true);
  const learnOnly = eventsPerSecond(events, false);
  const full = eventsPerSecond(events, true);
  const lines = [
    'Method: `bench/ai-context.ts`. Synthetic organisation of 200 people and 10 agents, 2,000 prompt events a day for 14 days, findings precomputed (the detectors are measured in their own section); the first 7 days are learning. One core, in process.',
    '',
    '| path | prompt events/s | ratio |',
    '|---|---|---|',
    `| AI pattern of life only (learn, no models) | ${Math.round(learnOnly).toLocaleString('en')} | 1.00 |`,
    `| pattern of life + all ${AI_MODELS.length} AI models | ${Math.round(full).toLocaleString('en')} | ${(full / learnOnly).toFixed(2)} |`,
    '',
  ];

  const upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"x","object":"chat.completion","choices":[]}');
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  const gateway = createGateway({
    upstream: up,
    policy: DEFAULT_GATEWAY_POLICY,
    holds: new IdentityHolds(),
    identify: identifyByApiKey({ bench: { actor: 'bench@contoso.com', actorType: 'human' } }),
    scan: (t) => scanPrompt(t),
    mask: (t, f) => maskPrompt(t, f, { minConfidence: 0 }),
  });
  const gw = await gateway.listen({ host: '127.0.0.1', port: 0 });
  // The same hop without inspection: what any Fastify forwarder costs on this machine.
  const bare = Fastify();
  bare.post('/v1/chat/completions', async (req, reply) => {
    const res = await fetch(`${up}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req.body),
    });
    reply.header('content-type', 'application/json');
    return reply.send(Buffer.from(await res.arrayBuffer()));
  });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  lines.push(
    'Gateway: 300 sequential requests per size (after 20 warm-up) over loopback to a local stub upstream: directly, through a bare Fastify forwarder (no inspection) and through the gateway; wall time per request including the stub. The difference between the last two is what inspecting, deciding and recording costs.',
    '',
    '| prompt size | direct p50 | bare forwarder p50 | via gateway p50 | via gateway p99 | inspection cost (gateway - bare, p50) |',
    '|---|---|---|---|---|---|',
  );
  for (const size of [200, 4_000]) {
    let text = '';
    while (text.length < size) text += `${TEXTS[text.length % 3]} `;
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: text.slice(0, size) }] });
    const direct = await latencies(`${up}/chat/completions`, body, 300);
    const forwarder = await latencies(`${bareUrl}/v1/chat/completions`, body, 300);
    const via = await latencies(`${gw}/v1/chat/completions`, body, 300);
    lines.push(
      `| ${size} chars | ${direct.p50.toFixed(2)} ms | ${forwarder.p50.toFixed(2)} ms | ${via.p50.toFixed(2)} ms | ${via.p99.toFixed(2)} ms | ${(via.p50 - forwarder.p50).toFixed(2)} ms |`,
    );
  }
  await gateway.close();
  await bare.close();
  await new Promise<void>((r) => upstream.close(() => r()));
  return lines.join('\n');
}
