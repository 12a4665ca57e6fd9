import type { Action } from '../action.js';
import type { Executor } from './executor.js';

export interface GraphOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  loginUrl: string;
  graphUrl: string;
  /** OAuth2 scope of the client credentials grant. */
  scope: string;
  /** Retries of throttled (429) and unavailable (503, 504) answers. */
  maxRetries: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}

/** A Graph or token endpoint error, with the service's code and request id for support. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

/** Permissions each call needs, named in 403 errors so that the operator knows what to grant. */
const PERMISSION: Record<string, string> = {
  force_logout: 'User.RevokeSessions.All',
  disable_user: 'User.EnableDisableAccount.All and User.Read.All',
  remove_inbox_rule: 'MailboxSettings.ReadWrite',
  disable_service_principal: 'Application.ReadWrite.All',
};

const BACKOFF_MS = 1000;
const MAX_WAIT_MS = 120_000;

/**
 * Microsoft Graph with OAuth2 client credentials: one cached token (renewed before it lapses and
 * once after a 401), retries of 429/503/504 (Graph and token endpoint) honouring Retry-After.
 */
export class GraphClient {
  private token?: { value: string; until: number };

  constructor(private readonly o: GraphOptions) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const res = await this.o.fetch(this.o.graphUrl + path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const json = text === '' ? undefined : safeJson(text);
      if (res.ok) return { status: res.status, json };
      if (res.status === 401 && !renewed) {
        renewed = true;
        this.token = undefined;
        continue;
      }
      if (retryable(res.status) && attempt < this.o.maxRetries) {
        await this.o.sleep(retryAfter(res.headers.get('retry-after'), attempt));
        continue;
      }
      throw graphError(res.status, json, res.headers.get('request-id') ?? undefined);
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const url = `${this.o.loginUrl}/${encodeURIComponent(this.o.tenantId)}/oauth2/v2.0/token`;
    const form = new URLSearchParams({
      client_id: this.o.clientId,
      client_secret: this.o.clientSecret,
      scope: this.o.scope,
      grant_type: 'client_credentials',
    });
    for (let attempt = 0; ; attempt++) {
      const res = await this.o.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const json = safeJson(await res.text()) as Record<string, unknown> | undefined;
      if (res.ok && typeof json?.access_token === 'string') {
        const life = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3599);
        // Renew a minute early so that a token never lapses in flight.
        this.token = { value: json.access_token, until: Date.now() + Math.max(0, life - 60) * 1000 };
        return json.access_token;
      }
      if (retryable(res.status) && attempt < this.o.maxRetries) {
        await this.o.sleep(retryAfter(res.headers.get('retry-after'), attempt));
        continue;
      }
      const code = typeof json?.error === 'string' ? json.error : 'token_error';
      const message =
        typeof json?.error_description === 'string' ? json.error_description : `token endpoint answered ${res.status}`;
      throw new GraphError(res.status, code, message);
    }
  }
}

/** Throttled or briefly unavailable, at Graph and at the token endpoint alike: worth waiting for. */
function retryable(status: number): boolean {
  return status === 429 || status === 503 || status === 504;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfter(header: string | null, attempt: number): number {
  const seconds = header === null ? Number.NaN : Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : BACKOFF_MS * 2 ** attempt;
  return Math.min(MAX_WAIT_MS, Math.max(0, ms));
}

function graphError(status: number, json: unknown, requestId?: string): GraphError {
  const err = (json as { error?: { code?: string; message?: string; innerError?: { 'request-id'?: string } } })?.error;
  return new GraphError(
    status,
    err?.code ?? 'http_' + status,
    err?.message ?? 'Graph request failed',
    err?.innerError?.['request-id'] ?? requestId,
  );
}

const user = (id: string) => `/v1.0/users/${encodeURIComponent(id)}`;

/**
 * The SaaS actions through Microsoft Graph: revoke sign-in sessions, disable the user
 * (accountEnabled=false), delete an inbox rule (messageRules), disable a service principal.
 */
export class MsGraphExecutor implements Executor {
  readonly name = 'msgraph';
  readonly handles = ['force_logout', 'disable_user', 'remove_inbox_rule', 'disable_service_principal'] as const;
  private readonly graph: GraphClient;

  constructor(opts: GraphOptions | GraphClient) {
    this.graph = opts instanceof GraphClient ? opts : new GraphClient(opts);
  }

  async apply(action: Action): Promise<string> {
    try {
      return await this.run(action, true);
    } catch (e) {
      throw explain(e, action);
    }
  }

  async revert(action: Action): Promise<string> {
    try {
      return await this.run(action, false);
    } catch (e) {
      throw explain(e, action);
    }
  }

  private async run(action: Action, apply: boolean): Promise<string> {
    const id = action.target.id;
    switch (action.action) {
      case 'force_logout':
        if (!apply) return 'revoked sessions cannot be restored; nothing to undo';
        await this.graph.request('POST', `${user(id)}/revokeSignInSessions`);
        return `revoked the sign-in sessions of ${id}`;
      case 'disable_user':
        await this.graph.request('PATCH', user(id), { accountEnabled: !apply });
        return `${apply ? 'disabled' : 're-enabled'} the account ${id}`;
      case 'remove_inbox_rule':
        if (!apply) return 'a deleted inbox rule is not restored; nothing to undo';
        return this.removeInboxRule(id, action.scope ?? {});
      case 'disable_service_principal': {
        const path = await this.patchServicePrincipal(action, { accountEnabled: !apply });
        return `${apply ? 'disabled' : 're-enabled'} the service principal ${path.slice('/v1.0/servicePrincipals'.length)}`;
      }
      default:
        throw new Error(`msgraph cannot carry out ${action.action}`);
    }
  }

  /**
   * Audit records name an application by its client id or, in some shapes (a delegated grant in
   * the Entra audit log), only by its service principal's object id: both are GUIDs, so the
   * client-id address is tried first and the object-id address when Graph knows no such client.
   */
  private async patchServicePrincipal(action: Action, body: unknown): Promise<string> {
    const path = servicePrincipalPath(action);
    try {
      await this.graph.request('PATCH', path, body);
      return path;
    } catch (e) {
      const s = action.scope ?? {};
      if (!(e instanceof GraphError) || e.status !== 404 || typeof s.servicePrincipalId === 'string') throw e;
      const byObjectId = `/v1.0/servicePrincipals/${encodeURIComponent(typeof s.appId === 'string' ? s.appId : action.target.id)}`;
      await this.graph.request('PATCH', byObjectId, body);
      return byObjectId;
    }
  }

  private async removeInboxRule(id: string, scope: Record<string, string | string[]>): Promise<string> {
    const rules = `${user(id)}/mailFolders/inbox/messageRules`;
    let ruleId = typeof scope.ruleId === 'string' ? scope.ruleId : undefined;
    if (ruleId === undefined) {
      if (typeof scope.ruleName !== 'string') throw new Error('no rule id or rule name to remove');
      const list = await this.graph.request('GET', rules);
      const found = ((list.json as { value?: { id: string; displayName?: string }[] })?.value ?? []).find(
        (r) => r.displayName === scope.ruleName,
      );
      if (found === undefined) return `inbox rule "${scope.ruleName}" of ${id} is already gone`;
      ruleId = found.id;
    }
    try {
      await this.graph.request('DELETE', `${rules}/${encodeURIComponent(ruleId)}`);
    } catch (e) {
      // Deleting what is already deleted is success: the action is idempotent.
      if (e instanceof GraphError && e.status === 404) return `inbox rule ${ruleId} of ${id} is already gone`;
      throw e;
    }
    return `deleted inbox rule ${ruleId} of ${id}`;
  }
}

function servicePrincipalPath(action: Action): string {
  const s = action.scope ?? {};
  if (typeof s.servicePrincipalId === 'string')
    return `/v1.0/servicePrincipals/${encodeURIComponent(s.servicePrincipalId)}`;
  const appId = typeof s.appId === 'string' ? s.appId : action.target.id;
  return `/v1.0/servicePrincipals(appId='${encodeURIComponent(appId)}')`;
}

function explain(e: unknown, action: Action): Error {
  if (e instanceof GraphError && e.status === 403) {
    const need = PERMISSION[action.action];
    return new GraphError(
      e.status,
      e.code,
      `${e.message.replace(/^403 [^:]+: /, '')} (the app needs ${need})`,
      e.requestId,
    );
  }
  return e instanceof Error ? e : new Error(String(e));
}
