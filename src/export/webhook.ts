import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-telltale-signature';
export const TIMESTAMP_HEADER = 'x-telltale-timestamp';

/**
 * HMAC-SHA256 over "<timestamp>.<body>" with the shared secret, hex, prefixed "sha256=". The
 * timestamp (Unix seconds, in its own header) is signed too, so a receiver can refuse replays.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export interface WebhookTarget {
  url: string;
  secret?: string;
  fetch?: typeof fetch;
  /** Wall-clock seconds for the timestamp header. */
  now?: () => number;
}

/** POST one JSON document, signed when a secret is set; throws on a non-2xx answer. */
export async function postWebhook(target: WebhookTarget, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const ts = Math.floor((target.now ?? (() => Date.now() / 1000))());
  const headers: Record<string, string> = { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(ts) };
  if (target.secret) headers[SIGNATURE_HEADER] = signWebhook(target.secret, ts, body);
  const res = await (target.fetch ?? fetch)(target.url, { method: 'POST', headers, body });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`webhook ${target.url} answered ${res.status}`);
  return res.status;
}
