import { readFileSync } from 'node:fs';

/** What the pollers need from the outside world, injected so tests can run them on a fake clock. */
export interface PollerDeps {
  fetch: typeof fetch;
  /** Wall-clock ms (pollers are an edge: they may read the clock). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_DEPS: PollerDeps = {
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** `{env: NAME}` or `{file: PATH}` from the config; the secret itself is never written or logged. */
export function readSecret(ref: { env: string } | { file: string }): string {
  if ('env' in ref) {
    const v = process.env[ref.env];
    if (v === undefined || v === '') throw new Error(`secret environment variable ${ref.env} is not set`);
    return v;
  }
  return readFileSync(ref.file, 'utf8').trim();
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(`HTTP ${status} from ${url}: ${body.slice(0, 200)}`);
  }
}

/**
 * OAuth2 client-credentials tokens from the Microsoft identity platform (v2.0 endpoint), cached
 * until shortly before they expire and refreshed early when a call comes back 401.
 */
export class ClientCredentials {
  /** ECMAScript-private, so the secret and token never appear when the object is logged or serialised. */
  readonly #secret: string;
  #token: string | undefined;
  private expires = 0;

  constructor(
    private readonly deps: PollerDeps,
    private readonly tokenUrl: string,
    private readonly clientId: string,
    clientSecret: string,
    private readonly scope: string,
  ) {
    this.#secret = clientSecret;
  }

  async get(): Promise<string> {
    if (this.#token !== undefined && this.deps.now() < this.expires - 60_000) return this.#token;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.#secret,
      scope: this.scope,
    });
    const res = await this.deps.fetch(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const text = await res.text();
    if (!res.ok) throw new HttpError(res.status, this.tokenUrl, redact(text));
    const json = JSON.parse(text) as { access_token?: string; expires_in?: number | string };
    if (typeof json.access_token !== 'string')
      throw new Error(`token response from ${this.tokenUrl} has no access_token`);
    this.#token = json.access_token;
    this.expires = this.deps.now() + Number(json.expires_in ?? 3599) * 1000;
    return this.#token;
  }

  invalidate(): void {
    this.#token = undefined;
  }
}

/** Token endpoints echo nothing secret, but be sure error bodies never carry a secret into logs. */
function redact(text: string): string {
  return text.replace(/("?(client_secret|access_token)"?\s*[:=]\s*"?)[^"&,\s]+/gi, '$1***');
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface RequestOptions {
  method?: string;
  /** HTTP statuses returned to the caller instead of thrown. */
  accept?: number[];
  maxAttempts?: number;
}

/** How long a 429/503 asks us to wait: Retry-After in seconds or as an HTTP date, else backoff. */
export function retryAfterMs(headers: Headers, attempt: number, now: number): number {
  const v = headers.get('retry-after');
  if (v !== null) {
    const secs = Number(v);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(v);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return Math.min(60_000, 1000 * 2 ** attempt);
}

/**
 * An authenticated JSON call: throttling (429, 503) waits as asked and retries, a 401 refreshes
 * the token once, other failures throw HttpError. The body is parsed when it is JSON; a body that
 * is not valid JSON is returned as `undefined` with its text, for the caller to reject.
 */
export async function callJson(
  deps: PollerDeps,
  auth: ClientCredentials,
  url: string,
  opts: RequestOptions = {},
): Promise<JsonResponse> {
  const max = opts.maxAttempts ?? 6;
  let refreshed = false;
  for (let attempt = 0; ; attempt++) {
    const token = await auth.get();
    const res = await deps.fetch(url, {
      method: opts.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    const text = await res.text();
    if (res.status === 401 && !refreshed) {
      auth.invalidate();
      refreshed = true;
      continue;
    }
    if ((res.status === 429 || res.status === 503) && attempt + 1 < max) {
      await deps.sleep(retryAfterMs(res.headers, attempt, deps.now()));
      continue;
    }
    if (!res.ok && !(opts.accept ?? []).includes(res.status)) throw new HttpError(res.status, url, text);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, body, text };
  }
}
