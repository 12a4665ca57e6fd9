/**
 * Where the user's words are in an OpenAI-compatible request body, so that the gateway can inspect
 * them and, when it redacts, write the masked text back in place.
 *
 * - `/v1/chat/completions`: `messages[]` with role `user`; `content` is a string or an array of
 *   parts, of which `{type:"text", text}` carry words.
 * - `/v1/responses`: `input` is a string, or an array of items; message items with role `user`
 *   have `content` as a string or parts `{type:"input_text", text}`.
 * - Tool results (`role:"tool"` / `"function"` messages, `function_call_output` items) are data an
 *   agent fetched: they are inspected for indirect prompt injection only.
 * System and developer instructions are the application's, not the user's: not inspected.
 */
export interface TextSlot {
  text: string;
  origin: 'user' | 'tool';
  set(text: string): void;
}

export type OpenAiEndpoint = 'chat.completions' | 'responses';

export function userTextSlots(endpoint: OpenAiEndpoint, body: Record<string, unknown>): TextSlot[] {
  const slots: TextSlot[] = [];
  if (endpoint === 'chat.completions') {
    const messages = body.messages;
    if (!Array.isArray(messages)) return slots;
    for (const m of messages) {
      if (isUserMessage(m)) contentSlots(m, 'text', 'user', slots);
      else if (isToolMessage(m)) contentSlots(m, 'text', 'tool', slots);
    }
    return slots;
  }
  const input = body.input;
  if (typeof input === 'string') {
    slots.push({ text: input, origin: 'user', set: (t) => (body.input = t) });
    return slots;
  }
  if (!Array.isArray(input)) return slots;
  for (const item of input) {
    if (isUserMessage(item)) contentSlots(item, 'input_text', 'user', slots);
    else if (isToolOutput(item))
      slots.push({ text: item.output as string, origin: 'tool', set: (t) => (item.output = t) });
  }
  return slots;
}

function isToolMessage(m: unknown): m is Record<string, unknown> {
  if (m === null || typeof m !== 'object') return false;
  const role = (m as Record<string, unknown>).role;
  return role === 'tool' || role === 'function';
}

function isToolOutput(m: unknown): m is Record<string, unknown> {
  return (
    m !== null &&
    typeof m === 'object' &&
    (m as Record<string, unknown>).type === 'function_call_output' &&
    typeof (m as Record<string, unknown>).output === 'string'
  );
}

function isUserMessage(m: unknown): m is Record<string, unknown> {
  return m !== null && typeof m === 'object' && (m as Record<string, unknown>).role === 'user';
}

function contentSlots(m: Record<string, unknown>, partType: string, origin: TextSlot['origin'], out: TextSlot[]): void {
  const c = m.content;
  if (typeof c === 'string') {
    out.push({ text: c, origin, set: (t) => (m.content = t) });
    return;
  }
  if (!Array.isArray(c)) return;
  for (const part of c) {
    if (part === null || typeof part !== 'object') continue;
    const p = part as Record<string, unknown>;
    if ((p.type === partType || p.type === 'text') && typeof p.text === 'string')
      out.push({ text: p.text, origin, set: (t) => (p.text = t) });
  }
}
