import type { OpenAiEndpoint } from './openai-body.js';

/**
 * What a caller that asked for a stream gets when its prompt is held: a short event stream in the
 * endpoint's own format, so that a chat UI shows the reason where the answer would have been and
 * every streaming client ends cleanly. Chat completions get one chunk carrying the message with
 * `finish_reason: "content_filter"` (the documented reason for content withheld by a filter),
 * then `[DONE]`; the Responses API gets its `error` event with code `prompt_held`. Nothing was
 * sent upstream, so there is no upstream id: the gateway's own request id names the exchange.
 */
export function heldStream(endpoint: OpenAiEndpoint, message: string, id: string, model: string, time: number): string {
  if (endpoint === 'responses') {
    const error = { type: 'error', code: 'prompt_held', message, param: null, sequence_number: 0 };
    return `event: error\ndata: ${JSON.stringify(error)}\n\n`;
  }
  const chunk = {
    id: `chatcmpl-held-${id}`,
    object: 'chat.completion.chunk',
    created: Math.floor(time / 1000),
    model,
    choices: [{ index: 0, delta: { role: 'assistant', content: message }, finish_reason: 'content_filter' }],
  };
  return `data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`;
}
