import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which headers cross the gateway, each way. Everything the caller sends that shapes the request
 * goes upstream (OpenAI-Organization, OpenAI-Project, OpenAI-Beta, Idempotency-Key, the SDK's
 * X-Stainless-* ...), so that new vendor headers work without a change here. Held back:
 * - hop-by-hop headers (RFC 9110 §7.6.1: Connection and the headers it names, Keep-Alive,
 *   Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade), which belong to one connection;
 * - framing that the gateway redoes: Host, Content-Length and Content-Encoding (the body is
 *   re-serialised after inspection, and possibly redacted);
 * - the caller's credentials: Authorization (their gateway key; the upstream key replaces it),
 *   Proxy-Authorization, Azure's api-key, X-Api-Key and Cookie never leave the gateway.
 * Answers come back the same way, less what fetch has already undone (Content-Encoding,
 * Content-Length of the compressed body) and Set-Cookie, which is the upstream's business.
 */

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const NOT_FORWARDED_UP = new Set([
  ...HOP_BY_HOP,
  'host',
  'content-length',
  'content-encoding',
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'cookie',
]);

const NOT_FORWARDED_DOWN = new Set([...HOP_BY_HOP, 'content-length', 'content-encoding', 'set-cookie']);

/** Headers named in `Connection` are hop-by-hop too. */
function connectionNamed(value: string | string[] | null | undefined): Set<string> {
  const out = new Set<string>();
  const list = Array.isArray(value) ? value.join(',') : (value ?? '');
  for (const name of list.split(',')) {
    const n = name.trim().toLowerCase();
    if (n !== '') out.add(n);
  }
  return out;
}

/** The headers of the upstream request: the caller's, less the above, plus the upstream key. */
export function upstreamRequestHeaders(caller: IncomingHttpHeaders, upstreamApiKey?: string): Record<string, string> {
  const named = connectionNamed(caller.connection);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(caller)) {
    if (value === undefined || NOT_FORWARDED_UP.has(name) || named.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  out['content-type'] = 'application/json';
  if (upstreamApiKey !== undefined) out.authorization = `Bearer ${upstreamApiKey}`;
  return out;
}

/** The upstream answer's headers that go back to the caller. */
export function callerResponseHeaders(upstream: Headers): Record<string, string> {
  const named = connectionNamed(upstream.get('connection'));
  const out: Record<string, string> = {};
  upstream.forEach((value, name) => {
    if (!NOT_FORWARDED_DOWN.has(name) && !named.has(name)) out[name] = value;
  });
  return out;
}
