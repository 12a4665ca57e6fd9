import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { PromptFinding } from '../enrich/prompt/finding.js';
import type { AiPromptEvent } from '../events/event.js';
import { callerResponseHeaders, upstreamRequestHeaders } from './forward-headers.js';
import { heldStream } from './held-stream.js';
import type { IdentityHolds } from './holds.js';
import type { Identify } from './identity.js';
import { bodyTexts, type OpenAiEndpoint } from './openai-body.js';
import { openAiError } from './openai-error.js';
import { decideGateway, findingsToRedact, type GatewayDecision, type GatewayPolicy } from './policy.js';

export interface GatewayOptions {
  /** OpenAI-compatible base URL including the version, e.g. `https://api.openai.com/v1`. */
  upstream: string;
  /** Sent upstream as the bearer token; callers' own gateway keys never leave the gateway. */
  upstreamApiKey?: string;
  policy: GatewayPolicy;
  holds: IdentityHolds;
  identify: Identify;
  /** The prompt detectors (scanPrompt). */
  scan: (text: string) => PromptFinding[];
  /** Masking for `redact` decisions: replaces every finding it is given (the gateway picks them). */
  mask: (text: string, findings: readonly PromptFinding[]) => string;
  /** Every inspected prompt, with its findings and what the gateway did. */
  onPrompt?: (event: AiPromptEvent, decision: GatewayDecision) => void;
  /** The AI application name recorded on events. */
  app?: string;
  now?: () => number;
  bodyLimit?: number;
}

const ENDPOINTS: [string, OpenAiEndpoint][] = [
  ['/v1/chat/completions', 'chat.completions'],
  ['/v1/responses', 'responses'],
];

/**
 * An OpenAI-compatible proxy that inspects each prompt before it leaves: per policy it forwards
 * the request unchanged, forwards it with secrets and personal data masked, or holds it (never
 * forwarded; the caller gets an OpenAI-shaped 403, or, when it asked for a stream, a short stream
 * saying why). Streaming answers (SSE) are piped through as they arrive. Headers cross as
 * forward-headers.ts says.
 */
export function createGateway(opts: GatewayOptions): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? 10 * 1024 * 1024 });
  const now = opts.now ?? Date.now;
  const upstream = opts.upstream.replace(/\/+$/, '');
  for (const [path, endpoint] of ENDPOINTS) {
    app.post(path, (req, reply) => handle(req, reply, endpoint, path.slice('/v1'.length)));
  }

  async function handle(
    req: FastifyRequest,
    reply: FastifyReply,
    endpoint: OpenAiEndpoint,
    upstreamPath: string,
  ): Promise<unknown> {
    const who = opts.identify(req.headers);
    if (who === undefined) {
      return reply
        .code(401)
        .send(openAiError('Unknown or missing gateway API key.', 'authentication_error', 'invalid_api_key'));
    }
    const body = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return reply
        .code(400)
        .send(openAiError('The request body must be a JSON object.', 'invalid_request_error', 'invalid_body'));
    }
    const b = body as Record<string, unknown>;
    const texts = bodyTexts(endpoint, b);
    if ('refused' in texts) {
      return reply
        .code(400)
        .send(
          openAiError(
            `The gateway cannot inspect this request, so it is not forwarded: ${texts.refused}.`,
            'invalid_request_error',
            'uninspectable_body',
          ),
        );
    }
    const slots = texts.slots;
    const perSlot = slots.map((s) => (s.kind === 'data' ? injectionOnly(opts.scan(s.text)) : opts.scan(s.text)));
    const all = perSlot.flat();
    const users = slots.flatMap((s, i) => (s.user ? [i] : []));
    const time = now();
    const decision = decideGateway(all, opts.holds.state(who.actor, time), opts.policy);
    if (opts.onPrompt !== undefined && users.length > 0) {
      const last = users[users.length - 1]!;
      const ev: AiPromptEvent = {
        kind: 'ai.prompt',
        time,
        source: { input: 'gateway', cursor: req.id },
        entity: { kind: who.actorType === 'agent' ? 'agent' : 'user', id: who.actor },
        actor: who.actor,
        actorType: who.actorType,
        app: opts.app ?? 'gateway',
        prompt: slots[last]!.text,
        findings: perSlot[last]!,
      };
      if (typeof b.model === 'string') ev.model = b.model;
      if (who.onBehalfOf !== undefined) ev.onBehalfOf = who.onBehalfOf;
      const tools = toolNames(b.tools);
      if (tools.length > 0) ev.tools = tools;
      opts.onPrompt(ev, decision);
    }
    if (decision.action === 'hold') {
      const message = `This prompt was held by the organisation's AI policy: ${decision.reasons.join('; ')}.`;
      reply.header('x-request-id', req.id).header('x-gateway-decision', 'hold');
      if (b.stream === true) {
        const model = typeof b.model === 'string' ? b.model : 'unknown';
        return reply
          .code(200)
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache')
          .send(heldStream(endpoint, message, req.id, model, time));
      }
      return reply.code(403).send(openAiError(message, 'permission_error', 'prompt_held'));
    }
    if (decision.action === 'redact') {
      for (const [i, s] of slots.entries()) {
        if (s.kind !== 'prompt') continue;
        const masked = findingsToRedact(perSlot[i]!, decision, opts.policy);
        if (masked.length > 0) s.set(opts.mask(s.text, masked));
      }
    }
    return forward(req, reply, upstreamPath, b);
  }

  async function forward(
    req: FastifyRequest,
    reply: FastifyReply,
    path: string,
    body: Record<string, unknown>,
  ): Promise<unknown> {
    const headers = upstreamRequestHeaders(req.headers, opts.upstreamApiKey);
    let res: Response;
    try {
      res = await fetch(upstream + path, { method: 'POST', headers, body: JSON.stringify(body) });
    } catch (err) {
      return reply
        .code(502)
        .send(
          openAiError(
            `The upstream AI service could not be reached: ${(err as Error).message}`,
            'api_error',
            'upstream_unreachable',
          ),
        );
    }
    reply.code(res.status).headers(callerResponseHeaders(res.headers));
    const type = res.headers.get('content-type');
    if (type?.startsWith('text/event-stream')) reply.header('cache-control', 'no-cache');
    if (!res.headers.has('x-request-id')) reply.header('x-request-id', randomUUID());
    if (res.body === null) return reply.send();
    // Streams are piped as they come; whole answers are sent in one piece, with their length.
    if (type?.startsWith('text/event-stream'))
      return reply.send(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>));
    return reply.send(Buffer.from(await res.arrayBuffer()));
  }

  return app;
}

/** Retrieved data legitimately holds personal data and secrets; only instructions hidden in it matter. */
function injectionOnly(findings: PromptFinding[]): PromptFinding[] {
  return findings.filter((f) => f.category === 'prompt_injection' || f.category === 'jailbreak');
}

/** Names of the tools a request offers the model (`tools[].function.name` or `tools[].name`). */
function toolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  const out: string[] = [];
  for (const t of tools) {
    if (t === null || typeof t !== 'object') continue;
    const o = t as Record<string, unknown>;
    const fn = o.function as Record<string, unknown> | undefined;
    const name = typeof fn?.name === 'string' ? fn.name : typeof o.name === 'string' ? o.name : undefined;
    if (name !== undefined) out.push(name);
  }
  return out;
}
