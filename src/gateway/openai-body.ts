/**
 * Every piece of text in an OpenAI-compatible request body, so that the gateway can inspect it
 * and, when it redacts, write the masked text back in place. The caller writes the whole body, so
 * every field is theirs to fill: system and developer instructions, earlier assistant turns and
 * tool definitions reach the model as surely as the user's turn does.
 *
 * - `prompt` text is what the model reads as conversation or instructions: `messages[].content`
 *   (`/v1/chat/completions`, every role but tool results), `instructions`, `input` and the message
 *   items of `input` (`/v1/responses`), as a string or as text parts. Fully inspected; masked when
 *   the decision is to redact.
 * - `data` text is everything else: tool results (`role:"tool"`/`"function"` messages,
 *   `function_call_output` items, whose output is a string or parts), tool definitions and their
 *   descriptions, call arguments, schemas, and any field this file does not name. Tool results are
 *   data an agent fetched and legitimately hold personal data and secrets, so data is inspected for
 *   instructions hidden in it only, and never rewritten.
 *
 * What the gateway cannot read it refuses rather than forwards: images, audio and files (their
 * words are out of reach of the text detectors), content that is neither a string nor a list of
 * parts, parts of an unknown type, and messages of an unknown role.
 */
export interface TextSlot {
  text: string;
  /** Where in the body, e.g. `messages[0].content[1].text` (for tests and reasons; never the text). */
  path: string;
  kind: 'prompt' | 'data';
  /** The caller's own turn (`role:"user"` or a string `input`): what the recorded event's prompt is. */
  user: boolean;
  set(text: string): void;
}

export type OpenAiEndpoint = 'chat.completions' | 'responses';

export type BodyTexts = { slots: TextSlot[] } | { refused: string };

/** Part types that carry media or files: not inspectable as text, so refused. */
const MEDIA_PARTS = new Set([
  'image_url',
  'input_image',
  'input_audio',
  'audio',
  'file',
  'input_file',
  'computer_screenshot',
]);

/** Part types whose words are in one string field. */
const TEXT_PART_FIELD: Readonly<Record<string, string>> = {
  text: 'text',
  input_text: 'text',
  output_text: 'text',
  summary_text: 'text',
  reasoning_text: 'text',
  refusal: 'refusal',
};

const CHAT_ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const RESPONSES_ROLES = new Set(['system', 'developer', 'user', 'assistant']);

const IDENTIFIER = /^[\w.:/-]{0,64}$/;

class Refusal extends Error {}

export function bodyTexts(endpoint: OpenAiEndpoint, body: Record<string, unknown>): BodyTexts {
  const slots: TextSlot[] = [];
  try {
    if (endpoint === 'chat.completions') chatTexts(body, slots);
    else responsesTexts(body, slots);
  } catch (err) {
    if (err instanceof Refusal) return { refused: err.message };
    throw err;
  }
  return { slots };
}

function chatTexts(body: Record<string, unknown>, out: TextSlot[]): void {
  const { messages, ...rest } = body;
  if (!Array.isArray(messages)) throw new Refusal('"messages" must be an array of messages');
  for (const [i, m] of messages.entries()) {
    const path = `messages[${i}]`;
    if (!isObject(m) || typeof m.role !== 'string' || !CHAT_ROLES.has(m.role))
      throw new Refusal(`${path} is not a message of a known role`);
    const isTool = m.role === 'tool' || m.role === 'function';
    messageTexts(m, path, isTool ? 'data' : 'prompt', m.role === 'user', out);
  }
  dataTexts(rest, '', out);
}

function responsesTexts(body: Record<string, unknown>, out: TextSlot[]): void {
  const { input, instructions, ...rest } = body;
  if (typeof instructions === 'string')
    out.push(slot(instructions, 'instructions', 'prompt', false, (t) => (body.instructions = t)));
  else if (instructions !== undefined && instructions !== null) throw new Refusal('"instructions" must be a string');
  if (typeof input === 'string') out.push(slot(input, 'input', 'prompt', true, (t) => (body.input = t)));
  else if (Array.isArray(input)) {
    for (const [i, item] of input.entries()) {
      const path = `input[${i}]`;
      if (!isObject(item)) throw new Refusal(`${path} is not an input item`);
      if (item.type === 'message' || (item.type === undefined && 'role' in item)) {
        if (typeof item.role !== 'string' || !RESPONSES_ROLES.has(item.role))
          throw new Refusal(`${path} is not a message of a known role`);
        messageTexts(item, path, 'prompt', item.role === 'user', out);
      } else if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
        const { output, ...other } = item;
        contentTexts(item, 'output', output, `${path}.output`, 'data', false, out);
        dataTexts(other, path, out);
      } else dataTexts(item, path, out);
    }
  } else if (input !== undefined && input !== null) throw new Refusal('"input" must be a string or a list of items');
  dataTexts(rest, '', out);
}

/** A message's content by its role's kind, and any other field of it (name, tool calls) as data. */
function messageTexts(
  m: Record<string, unknown>,
  path: string,
  kind: TextSlot['kind'],
  user: boolean,
  out: TextSlot[],
): void {
  const { content, ...other } = m;
  contentTexts(m, 'content', content, `${path}.content`, kind, user, out);
  dataTexts(other, path, out);
}

/** `holder[key]` is a string, null/absent, or a list of parts; anything else is refused. */
function contentTexts(
  holder: Record<string, unknown>,
  key: string,
  content: unknown,
  path: string,
  kind: TextSlot['kind'],
  user: boolean,
  out: TextSlot[],
): void {
  if (content === undefined || content === null) return;
  if (typeof content === 'string') {
    out.push(slot(content, path, kind, user, (t) => (holder[key] = t)));
    return;
  }
  if (!Array.isArray(content)) throw new Refusal(`${path} must be a string or a list of content parts`);
  for (const [j, part] of content.entries()) {
    const partPath = `${path}[${j}]`;
    if (!isObject(part) || typeof part.type !== 'string') throw new Refusal(`${partPath} is not a content part`);
    if (MEDIA_PARTS.has(part.type)) throw new Refusal(`${partPath} is ${part.type}, which the gateway cannot inspect`);
    const field = TEXT_PART_FIELD[part.type];
    if (field === undefined) throw new Refusal(`${partPath} is of unknown type ${JSON.stringify(part.type)}`);
    const text = part[field];
    if (typeof text !== 'string') throw new Refusal(`${partPath}.${field} must be a string`);
    out.push(slot(text, `${partPath}.${field}`, kind, user, (t) => (part[field] = t)));
    const { [field]: _words, ...other } = part;
    dataTexts(other, partPath, out);
  }
}

/**
 * Every string under `value`, as data: tool definitions, call arguments, schemas, fields added to
 * the API after this was written. Media found here is refused like media in content.
 */
function dataTexts(value: unknown, path: string, out: TextSlot[]): void {
  if (typeof value === 'string') {
    if (/^data:[\w.+-]+\/[\w.+-]+[;,]/i.test(value))
      throw new Refusal(`${path} is an embedded file, which the gateway cannot inspect`);
    // Discriminators, ids and names (`"type":"message"`, `call_id`) carry no sentence to inspect,
    // and the classifier is unreliable on a lone word.
    if (!IDENTIFIER.test(value)) out.push(slot(value, path, 'data', false, () => {}));
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) dataTexts(v, `${path}[${i}]`, out);
    return;
  }
  if (!isObject(value)) return;
  if (typeof value.type === 'string' && MEDIA_PARTS.has(value.type))
    throw new Refusal(`${path} is ${value.type}, which the gateway cannot inspect`);
  for (const [k, v] of Object.entries(value)) dataTexts(v, path === '' ? k : `${path}.${k}`, out);
}

function slot(text: string, path: string, kind: TextSlot['kind'], user: boolean, set: (t: string) => void): TextSlot {
  return { text, path, kind, user, set };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
