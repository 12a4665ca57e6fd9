import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Action, ActionKind } from '../src/response/action.js';
import { executeAction } from '../src/response/executors/index.js';
import { GraphError, MsGraphExecutor } from '../src/response/executors/msgraph.js';

interface Seen {
  method: string;
  path: string;
  auth?: string;
  contentType?: string;
  body: string;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Route = (req: Seen) => Reply | undefined;

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
let server: Server;
let base: string;
let seen: Seen[] = [];
let routes: Route[] = [];
let tokens = 0;

const graphError = (code: string, message: string) => ({
  error: {
    code,
    message,
    innerError: {
      date: '2026-03-10T07:40:00',
      'request-id': 'b1a2c3d4-0000-4000-8000-000000000001',
      'client-request-id': 'b1a2c3d4-0000-4000-8000-000000000001',
    },
  },
});

/** Answers the token endpoint gives before it issues a token (throttling, outages). */
let tokenTrouble: Reply[] = [];

function tokenRoute(req: Seen): Reply | undefined {
  if (req.method !== 'POST' || req.path !== `/${TENANT}/oauth2/v2.0/token`) return undefined;
  const trouble = tokenTrouble.shift();
  if (trouble) return trouble;
  const form = new URLSearchParams(req.body);
  const ok =
    req.contentType === 'application/x-www-form-urlencoded' &&
    form.get('grant_type') === 'client_credentials' &&
    form.get('client_id') === 'app-123' &&
    form.get('scope') === 'https://graph.microsoft.com/.default';
  if (!ok) return { status: 400, body: { error: 'invalid_request', error_description: 'AADSTS900144: bad request' } };
  if (form.get('client_secret') !== 's3cret') {
    return {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'app-123'.",
        error_codes: [7000215],
        timestamp: '2026-03-10 07:40:00Z',
        trace_id: '0b5a7c1e-0000-4000-8000-000000000000',
        correlation_id: '0b5a7c1e-0000-4000-8000-000000000001',
      },
    };
  }
  tokens++;
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `tok-${tokens}` },
  };
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const s: Seen = {
      method: req.method!,
      path: decodeURIComponent(req.url!),
      auth: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks).toString(),
    };
    seen.push(s);
    let reply = tokenRoute(s);
    if (reply === undefined) {
      if (s.auth === undefined || !s.auth.startsWith('Bearer tok-')) {
        reply = { status: 401, body: graphError('InvalidAuthenticationToken', 'Access token is empty.') };
      } else {
        for (const r of routes) {
          reply = r(s);
          if (reply) break;
        }
      }
    }
    reply ??= { status: 404, body: graphError('Request_ResourceNotFound', `Resource '${s.path}' does not exist.`) };
    res.writeHead(reply.status, {
      ...(reply.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...reply.headers,
    });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  routes = [];
  tokens = 0;
  tokenTrouble = [];
});

const sleeps: number[] = [];
function executor(secret = 's3cret') {
  return new MsGraphExecutor({
    tenantId: TENANT,
    clientId: 'app-123',
    clientSecret: secret,
    loginUrl: base,
    graphUrl: base,
    scope: 'https://graph.microsoft.com/.default',
    maxRetries: 3,
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

function action(kind: ActionKind, target: Action['target'], scope?: Action['scope']): Action {
  return {
    id: 'a-1',
    action: kind,
    target,
    ...(scope ? { scope } : {}),
    mode: 'autonomous',
    reason: ['b-1'],
    rule: 'Response / SaaS / Suspicious SaaS Activity Block',
    start: 0,
    expires: 1,
    status: 'active',
    audit: [],
  };
}

const bob = { kind: 'user' as const, id: 'bob@contoso.com' };
const graphCalls = () => seen.filter((s) => !s.path.includes('/oauth2/'));

describe('Microsoft Graph executor', () => {
  it('revokes sessions with one client-credentials token and a bearer header', async () => {
    routes.push((s) =>
      s.method === 'POST' && s.path === '/v1.0/users/bob@contoso.com/revokeSignInSessions'
        ? {
            status: 200,
            body: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean', value: true },
          }
        : undefined,
    );
    const ex = executor();
    expect(await ex.apply(action('force_logout', bob))).toBe('revoked the sign-in sessions of bob@contoso.com');
    await ex.apply(action('force_logout', bob));
    expect(tokens).toBe(1);
    expect(graphCalls().map((s) => [s.method, s.path, s.auth, s.body])).toEqual([
      ['POST', '/v1.0/users/bob@contoso.com/revokeSignInSessions', 'Bearer tok-1', ''],
      ['POST', '/v1.0/users/bob@contoso.com/revokeSignInSessions', 'Bearer tok-1', ''],
    ]);
  });

  it('disables and re-enables a user with PATCH accountEnabled', async () => {
    routes.push((s) =>
      s.method === 'PATCH' && s.path === '/v1.0/users/bob@contoso.com' ? { status: 204 } : undefined,
    );
    const ex = executor();
    await ex.apply(action('disable_user', bob));
    await ex.revert(action('disable_user', bob));
    expect(graphCalls().map((s) => [s.method, s.contentType, JSON.parse(s.body)])).toEqual([
      ['PATCH', 'application/json', { accountEnabled: false }],
      ['PATCH', 'application/json', { accountEnabled: true }],
    ]);
  });

  it('finds an inbox rule by name, deletes it, and treats an already deleted rule as done', async () => {
    let deleted = false;
    routes.push((s) => {
      if (s.method === 'GET' && s.path === '/v1.0/users/bob@contoso.com/mailFolders/inbox/messageRules') {
        return {
          status: 200,
          body: {
            value: [
              { id: 'AQAAAJ5dZp8=', displayName: 'Newsletters', sequence: 1, isEnabled: true },
              { id: 'AQAAAJ5dZqA=', displayName: '..', sequence: 2, isEnabled: true },
            ],
          },
        };
      }
      if (
        s.method === 'DELETE' &&
        s.path === '/v1.0/users/bob@contoso.com/mailFolders/inbox/messageRules/AQAAAJ5dZqA='
      ) {
        if (deleted)
          return {
            status: 404,
            body: graphError('ErrorItemNotFound', 'The specified object was not found in the store.'),
          };
        deleted = true;
        return { status: 204 };
      }
      return undefined;
    });
    const ex = executor();
    expect(await ex.apply(action('remove_inbox_rule', bob, { ruleName: '..' }))).toBe(
      'deleted inbox rule AQAAAJ5dZqA= of bob@contoso.com',
    );
    expect(await ex.apply(action('remove_inbox_rule', bob, { ruleId: 'AQAAAJ5dZqA=' }))).toContain('already gone');
    expect(await ex.apply(action('remove_inbox_rule', bob, { ruleName: 'missing' }))).toContain('already gone');
    expect(graphCalls().map((s) => s.method)).toEqual(['GET', 'DELETE', 'DELETE', 'GET']);
  });

  it('disables a service principal by its application id, with the bearer token and a JSON body', async () => {
    routes.push((s) =>
      s.method === 'PATCH' && s.path === "/v1.0/servicePrincipals(appId='4f1c1e0a-7d6f-4a43-9b1a-2f5e0b0b9c11')"
        ? s.auth === 'Bearer tok-1' && s.contentType === 'application/json'
          ? { status: 204 }
          : { status: 401, body: graphError('InvalidAuthenticationToken', 'Access token validation failure.') }
        : undefined,
    );
    const ex = executor();
    const msg = await ex.apply(
      action('disable_service_principal', { kind: 'app', id: 'x' }, { appId: '4f1c1e0a-7d6f-4a43-9b1a-2f5e0b0b9c11' }),
    );
    expect(msg).toContain('disabled the service principal');
    const [call] = graphCalls();
    expect([call!.auth, call!.contentType]).toEqual(['Bearer tok-1', 'application/json']);
    expect(JSON.parse(call!.body)).toEqual({ accountEnabled: false });
  });

  it('disables a service principal known only by its object id, after Graph knows no client by that id', async () => {
    // The Entra audit log names a delegated grant's client by its service principal object id.
    const objectId = '0d2f5969-1a2b-4c3d-8e9f-001122334455';
    routes.push((s) =>
      s.method === 'PATCH' && s.path === `/v1.0/servicePrincipals/${objectId}` && s.auth === 'Bearer tok-1'
        ? { status: 204 }
        : undefined,
    );
    const msg = await executor().apply(
      action('disable_service_principal', { kind: 'app', id: objectId }, { appId: objectId }),
    );
    expect(msg).toBe(`disabled the service principal /${objectId}`);
    expect(graphCalls().map((c) => `${c.method} ${c.path}`)).toEqual([
      `PATCH /v1.0/servicePrincipals(appId='${objectId}')`,
      `PATCH /v1.0/servicePrincipals/${objectId}`,
    ]);
    // Neither address known: the action fails with Graph's own 404.
    routes.length = 0;
    await expect(
      executor().apply(action('disable_service_principal', { kind: 'app', id: objectId }, { appId: objectId })),
    ).rejects.toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
  });

  it('retries a Graph 503 and 504 (waiting as told, or backing off) and then succeeds', async () => {
    let calls = 0;
    routes.push((s) => {
      if (s.path !== '/v1.0/users/bob@contoso.com') return undefined;
      calls++;
      if (calls === 1)
        return {
          status: 503,
          headers: { 'retry-after': '3' },
          body: graphError('serviceNotAvailable', 'Service is unavailable. Please try again later.'),
        };
      if (calls === 2) return { status: 504, body: graphError('UnknownError', 'Gateway timeout.') };
      return { status: 204 };
    });
    sleeps.length = 0;
    expect(await executor().apply(action('disable_user', bob))).toBe('disabled the account bob@contoso.com');
    // Retry-After when given, else exponential back-off from one second (second attempt: 2 s).
    expect(sleeps).toEqual([3000, 2000]);
    expect(calls).toBe(3);
    expect(tokens).toBe(1);
  });

  it('retries the token endpoint when it throttles or is briefly unavailable', async () => {
    tokenTrouble = [
      {
        status: 429,
        headers: { 'retry-after': '5' },
        body: { error: 'temporarily_unavailable', error_description: 'AADSTS90055: too many requests' },
      },
      {
        status: 503,
        body: { error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred.' },
      },
    ];
    routes.push((s) => (s.path.endsWith('/revokeSignInSessions') ? { status: 200, body: { value: true } } : undefined));
    sleeps.length = 0;
    await executor().apply(action('force_logout', bob));
    expect(sleeps).toEqual([5000, 2000]);
    expect(seen.filter((s) => s.path.includes('/oauth2/')).length).toBe(3);
    expect(graphCalls().map((s) => s.auth)).toEqual(['Bearer tok-1']);
  });

  it('fails the action cleanly when a 401 persists after renewing the token', async () => {
    routes.push(() => ({
      status: 401,
      body: graphError('InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.'),
    }));
    const audit = await executeAction(action('force_logout', bob), [executor()], 1_000);
    expect(audit).toEqual({
      time: 1_000,
      actor: 'executor:msgraph',
      from: 'active',
      to: 'failed',
      reason: 'msgraph: 401 InvalidAuthenticationToken: Access token validation failure. Invalid audience.',
    });
    // One renewal, not a loop: two tokens, two calls.
    expect(tokens).toBe(2);
    expect(graphCalls().map((s) => s.auth)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    let calls = 0;
    routes.push((s) => {
      if (!s.path.endsWith('/revokeSignInSessions')) return undefined;
      calls++;
      if (calls < 3) {
        return {
          status: 429,
          headers: { 'retry-after': '7' },
          body: graphError('TooManyRequests', 'Too many requests, please try again later.'),
        };
      }
      return { status: 200, body: { value: true } };
    });
    sleeps.length = 0;
    await executor().apply(action('force_logout', bob));
    expect(sleeps).toEqual([7000, 7000]);
    expect(calls).toBe(3);
  });

  it('gives up after the last retry with the throttling error', async () => {
    routes.push(() => ({
      status: 429,
      headers: { 'retry-after': '1' },
      body: graphError('TooManyRequests', 'Too many requests'),
    }));
    await expect(executor().apply(action('force_logout', bob))).rejects.toMatchObject({
      status: 429,
      code: 'TooManyRequests',
    });
    expect(graphCalls()).toHaveLength(4);
  });

  it('renews the token once on 401 and then succeeds', async () => {
    routes.push((s) =>
      s.auth === 'Bearer tok-1'
        ? {
            status: 401,
            body: graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
          }
        : s.path === '/v1.0/users/bob@contoso.com'
          ? { status: 204 }
          : undefined,
    );
    await executor().apply(action('disable_user', bob));
    expect(graphCalls().map((s) => s.auth)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('reports a 403 with the permission the app lacks, and a 404 with its code', async () => {
    routes.push((s) =>
      s.path.startsWith('/v1.0/users/bob')
        ? {
            status: 403,
            body: graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
          }
        : undefined,
    );
    const err = await executor()
      .apply(action('disable_user', bob))
      .catch((e) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err.message).toBe(
      '403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (the app needs User.EnableDisableAccount.All and User.Read.All)',
    );
    expect(err.requestId).toBe('b1a2c3d4-0000-4000-8000-000000000001');
    const missing = await executor()
      .apply(action('force_logout', { kind: 'user', id: 'nobody@contoso.com' }))
      .catch((e) => e);
    expect(missing).toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
  });

  it('fails with the identity platform error when the client secret is wrong', async () => {
    const err = await executor('wrong')
      .apply(action('force_logout', bob))
      .catch((e) => e);
    expect(err).toMatchObject({ status: 401, code: 'invalid_client' });
    expect(err.message).toContain('AADSTS7000215');
    expect(graphCalls()).toHaveLength(0);
  });
});
