import type { AiPromptEvent } from '../../events/event.js';
import { attributeMap, nanosToMillis, type OtlpSpan, type OtlpTraceRequest } from './otlp-json.js';

/**
 * GenAI semantic conventions (OpenTelemetry, status Development) to `ai.prompt` events.
 *
 * Read, newest convention first, older ones as fallbacks because instrumentations still emit them:
 * - prompt: `gen_ai.input.messages` (1.37+, JSON), events `gen_ai.user.message` (<=1.36) and
 *   `gen_ai.content.prompt` (`gen_ai.prompt`), indexed `gen_ai.prompt.N.role/content` (OpenLLMetry);
 * - response: `gen_ai.output.messages`, event `gen_ai.choice`, `gen_ai.content.completion`,
 *   `gen_ai.completion.N.content`;
 * - model `gen_ai.request.model` / `gen_ai.response.model`; app `service.name`, else
 *   `gen_ai.provider.name` / `gen_ai.system`; session `gen_ai.conversation.id` / `session.id`;
 * - actor: `gen_ai.agent.id` / `gen_ai.agent.name` make an agent acting for `user.id` /
 *   `enduser.id`; without an agent the user is the actor;
 * - tools: `execute_tool` spans (`gen_ai.tool.name`) and resources: `gen_ai.data_source.id`, both
 *   attached to the nearest ancestor span that carries a prompt;
 * - an agent run (`invoke_agent` > `chat` + `execute_tool`) is one event of the agent: the model
 *   calls under it are folded into it (see AGENT_OPERATIONS).
 */

const PROMPT_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'invoke_agent', 'create_agent']);

/**
 * Spans that stand for an agent's run. The model calls inside one (`chat` spans and the like, its
 * children or deeper) are the agent's own steps: they repeat the user's prompt in their message
 * history and carry no agent identity, so they are folded into the agent's event rather than
 * becoming events of their own (one prompt once, attributed to the agent).
 */
const AGENT_OPERATIONS = new Set(['invoke_agent', 'invoke_workflow']);

interface SpanInfo {
  span: OtlpSpan;
  attrs: Record<string, unknown>;
  resource: Record<string, unknown>;
  /** Set for spans that become events, and for the model calls folded into an agent's event. */
  event?: AiPromptEvent;
}

export interface SpanRef {
  input: string;
  line?: number;
}

/** All prompt events of one OTLP traces request, in span order. */
export function genAiEventsFromTraces(req: OtlpTraceRequest, ref: SpanRef): AiPromptEvent[] {
  const out: AiPromptEvent[] = [];
  // One map for the whole request: an agent and the model calls it makes may be exported by
  // different services (resources).
  const byId = new Map<string, SpanInfo>();
  const infos: SpanInfo[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource = attributeMap(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        const info: SpanInfo = { span, attrs: attributeMap(span.attributes), resource };
        infos.push(info);
        if (span.spanId) byId.set(spanKey(span.traceId, span.spanId), info);
      }
    }
  }
  const steps = new Map<SpanInfo, SpanInfo[]>();
  for (const info of infos) {
    if (!isPromptSpan(info)) continue;
    const agent = isAgentSpan(info) ? undefined : nearestAncestor(info, byId, isAgentSpan);
    if (agent !== undefined) {
      const list = steps.get(agent);
      if (list === undefined) steps.set(agent, [info]);
      else list.push(info);
      continue;
    }
    const ev = promptEvent(info, info.resource, ref);
    if (ev !== undefined) {
      info.event = ev;
      out.push(ev);
    }
  }
  for (const [agent, calls] of steps) {
    if (agent.event === undefined) {
      // The agent span has no time or identity to give: its model calls stand on their own.
      for (const c of calls) {
        c.event = promptEvent(c, c.resource, ref);
        if (c.event !== undefined) out.push(c.event);
      }
      continue;
    }
    foldSteps(agent.event, calls);
    for (const c of calls) c.event = agent.event;
  }
  for (const info of infos) {
    const tool = str(info.attrs['gen_ai.tool.name']);
    const dataSource = str(info.attrs['gen_ai.data_source.id']);
    if (tool === undefined && dataSource === undefined) continue;
    let owner = info.event ?? nearestAncestor(info, byId, (i) => i.event !== undefined)?.event;
    if (owner === undefined) {
      // A tool call with no prompt span in the export still tells what the agent did.
      owner = promptEvent(info, info.resource, ref);
      if (owner === undefined) continue;
      info.event = owner;
      out.push(owner);
    }
    if (tool !== undefined) owner.tools = withUnique(owner.tools, tool);
    if (dataSource !== undefined) owner.resources = withUnique(owner.resources, dataSource);
  }
  return out;
}

/**
 * What an agent's model calls add to its event, where the agent span did not record it (message
 * content on agent spans is opt-in): the user's prompt from the first call, the answer from the
 * last, the model.
 */
function foldSteps(ev: AiPromptEvent, calls: SpanInfo[]): void {
  const inOrder = [...calls].sort((a, b) => startMs(a) - startMs(b));
  if (ev.prompt === '') {
    for (const c of inOrder) {
      const p = promptText(c);
      if (p !== undefined) {
        ev.prompt = p;
        break;
      }
    }
  }
  if (ev.response === undefined) {
    for (const c of [...inOrder].reverse()) {
      const r = responseText(c);
      if (r !== undefined) {
        ev.response = r;
        break;
      }
    }
  }
  if (ev.model === undefined) {
    for (const c of inOrder) {
      const m = str(c.attrs['gen_ai.request.model']) ?? str(c.attrs['gen_ai.response.model']);
      if (m !== undefined) {
        ev.model = m;
        break;
      }
    }
  }
}

function startMs(info: SpanInfo): number {
  return nanosToMillis(info.span.startTimeUnixNano) ?? 0;
}

function isAgentSpan(info: SpanInfo): boolean {
  const op = str(info.attrs['gen_ai.operation.name']);
  return op !== undefined && AGENT_OPERATIONS.has(op);
}

function spanKey(traceId: string | undefined, spanId: string): string {
  return `${traceId ?? ''}/${spanId}`;
}

function isPromptSpan(info: SpanInfo): boolean {
  const op = str(info.attrs['gen_ai.operation.name']);
  if (op !== undefined && PROMPT_OPERATIONS.has(op)) return true;
  if (info.attrs['gen_ai.input.messages'] !== undefined || info.attrs['gen_ai.prompt.0.content'] !== undefined)
    return true;
  for (const e of info.span.events ?? [])
    if (e.name === 'gen_ai.user.message' || e.name === 'gen_ai.content.prompt') return true;
  return false;
}

function nearestAncestor(
  info: SpanInfo,
  byId: Map<string, SpanInfo>,
  is: (i: SpanInfo) => boolean,
): SpanInfo | undefined {
  const parentOf = (i: SpanInfo) =>
    i.span.parentSpanId ? byId.get(spanKey(i.span.traceId, i.span.parentSpanId)) : undefined;
  let parent = parentOf(info);
  for (let depth = 0; parent !== undefined && depth < 64; depth++) {
    if (is(parent)) return parent;
    parent = parentOf(parent);
  }
  return undefined;
}

function promptEvent(info: SpanInfo, resource: Record<string, unknown>, ref: SpanRef): AiPromptEvent | undefined {
  const a = info.attrs;
  const time = nanosToMillis(info.span.startTimeUnixNano);
  if (time === undefined) return undefined;
  const user = lower(
    str(a['user.id']) ?? str(a['enduser.id']) ?? str(resource['user.id']) ?? str(resource['enduser.id']),
  );
  const agent = str(a['gen_ai.agent.id']) ?? str(a['gen_ai.agent.name']);
  const service = str(resource['service.name']);
  const actor = agent !== undefined ? agent.toLowerCase() : (user ?? service?.toLowerCase());
  if (actor === undefined) return undefined;
  const actorType = agent !== undefined || user === undefined ? 'agent' : 'human';
  const ev: AiPromptEvent = {
    kind: 'ai.prompt',
    time,
    source: { input: ref.input, line: ref.line, cursor: info.span.spanId },
    entity: { kind: actorType === 'agent' ? 'agent' : 'user', id: actor },
    actor,
    actorType,
    prompt: promptText(info) ?? '',
  };
  if (ref.line === undefined) delete ev.source.line;
  if (agent !== undefined && user !== undefined) ev.onBehalfOf = user;
  const app = service ?? str(a['gen_ai.provider.name']) ?? str(a['gen_ai.system']);
  if (app !== undefined) ev.app = app;
  const model = str(a['gen_ai.request.model']) ?? str(a['gen_ai.response.model']);
  if (model !== undefined) ev.model = model;
  const session = str(a['gen_ai.conversation.id']) ?? str(a['session.id']);
  if (session !== undefined) ev.session = session;
  const response = responseText(info);
  if (response !== undefined) ev.response = response;
  return ev;
}

function promptText(info: SpanInfo): string | undefined {
  const fromMessages = messagesText(info.attrs['gen_ai.input.messages'], 'user');
  if (fromMessages !== undefined) return fromMessages;
  for (const e of info.span.events ?? []) {
    const ea = attributeMap(e.attributes);
    if (e.name === 'gen_ai.user.message') {
      const c = str(ea.content) ?? str(ea['gen_ai.prompt']) ?? eventContent(ea['gen_ai.event.content']);
      if (c !== undefined) return c;
    }
    if (e.name === 'gen_ai.content.prompt') {
      const p = ea['gen_ai.prompt'];
      const t = messagesText(p, 'user') ?? str(p);
      if (t !== undefined) return t;
    }
  }
  return indexedText(info.attrs, 'gen_ai.prompt', 'user');
}

function responseText(info: SpanInfo): string | undefined {
  const fromMessages = messagesText(info.attrs['gen_ai.output.messages'], 'assistant');
  if (fromMessages !== undefined) return fromMessages;
  for (const e of info.span.events ?? []) {
    const ea = attributeMap(e.attributes);
    if (e.name === 'gen_ai.choice') {
      const m = ea.message;
      const c =
        m !== null && typeof m === 'object'
          ? str((m as Record<string, unknown>).content)
          : (str(ea.content) ?? eventContent(ea['gen_ai.event.content']));
      if (c !== undefined) return c;
    }
    if (e.name === 'gen_ai.content.completion') {
      const c = ea['gen_ai.completion'];
      const t = messagesText(c, 'assistant') ?? str(c);
      if (t !== undefined) return t;
    }
  }
  return indexedText(info.attrs, 'gen_ai.completion', 'assistant');
}

/**
 * Text of the last message with `role` in a GenAI messages value (a JSON string or an array of
 * `{role, parts:[{type:"text", content}]}` / `{role, content}`), or of the last message of any role.
 */
function messagesText(v: unknown, role: string): string | undefined {
  let msgs = v;
  if (typeof v === 'string') {
    if (!v.startsWith('[')) return undefined;
    try {
      msgs = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(msgs) || msgs.length === 0) return undefined;
  let pick: unknown;
  for (const m of msgs)
    if (m !== null && typeof m === 'object' && (m as Record<string, unknown>).role === role) pick = m;
  pick ??= msgs[msgs.length - 1];
  if (pick === null || typeof pick !== 'object') return undefined;
  const m = pick as Record<string, unknown>;
  if (typeof m.content === 'string') return m.content;
  if (!Array.isArray(m.parts)) return undefined;
  const texts: string[] = [];
  for (const p of m.parts) {
    if (p !== null && typeof p === 'object') {
      const part = p as Record<string, unknown>;
      if (part.type === 'text' && typeof part.content === 'string') texts.push(part.content);
    }
  }
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/** OpenLLMetry's flattened `prefix.N.role` / `prefix.N.content`: the last entry with `role`. */
function indexedText(attrs: Record<string, unknown>, prefix: string, role: string): string | undefined {
  let found: string | undefined;
  let any: string | undefined;
  for (let i = 0; i < 256; i++) {
    const c = str(attrs[`${prefix}.${i}.content`]);
    if (c === undefined) break;
    any = c;
    const r = str(attrs[`${prefix}.${i}.role`]);
    if (r === undefined || r === role) found = c;
  }
  return found ?? any;
}

/**
 * Span events copied from the 1.28-1.36 log events carry their body as a JSON string in
 * `gen_ai.event.content`: `{"content": "..."}` for messages, `{"message": {"content": "..."}}` for choices.
 */
function eventContent(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v.startsWith('{')) return undefined;
  try {
    const o = JSON.parse(v) as { content?: unknown; message?: { content?: unknown } };
    return str(o.content) ?? str(o.message?.content);
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function lower(v: string | undefined): string | undefined {
  return v?.toLowerCase();
}

function withUnique(list: string[] | undefined, v: string): string[] {
  if (list === undefined) return [v];
  if (!list.includes(v)) list.push(v);
  return list;
}
