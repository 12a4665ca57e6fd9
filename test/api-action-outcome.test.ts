import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBreach, user } from '../src/analyst/breachFixture.js';
import { ActionRunner, decideAction } from '../src/cli/action-runner.js';
import { configSchema } from '../src/config/schema.js';
import { dryRunExecutors } from '../src/demo/dry-run.js';
import { responseConfigSchema } from '../src/response/config.js';
import type { Executor } from '../src/response/executors/index.js';
import { ResponsePolicy } from '../src/response/policy.js';
import { createServer, type FirstStartCredentials } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

const T0 = Date.parse('2026-03-10T07:20:00Z');

const takeover = makeBreach({
  model: 'SaaS / Compromise / Login From Rare Following Suspicious Login Attempt(s)',
  time: T0,
  entity: user('bob@contoso.com'),
  score: 80,
});

/** A confirmed action's audit log entry and answer say what it came to, not what was asked for. */
describe('the outcome of a confirmed action', () => {
  let store: Store;
  let app: FastifyInstance;
  let admin: { authorization: string };

  async function serve(executors: Executor[]): Promise<string> {
    const policy = new ResponsePolicy({ config: responseConfigSchema.parse({}) });
    const runner = new ActionRunner(executors, store, (a, audit) => policy.fail(a.id, audit.actor, audit.reason, T0));
    const announced: FirstStartCredentials[] = [];
    app = await createServer({
      store,
      config: configSchema.parse({}),
      logger: false,
      webRoot: false,
      announce: (c) => announced.push(c),
      now: () => T0 + 60_000,
      onActionDecision: decideAction(policy, runner, (batch) => store.commit(batch)),
    });
    admin = { authorization: `Bearer ${announced[0]!.token}` };
    const [proposed] = policy.onBreach(takeover);
    await store.commit({ actions: [proposed!] });
    return proposed!.id;
  }

  const confirm = (id: string) =>
    app.inject({
      method: 'POST',
      url: `/api/actions/${id}/confirm`,
      headers: admin,
      payload: { reason: 'not the user' },
    });
  const lastAudit = async () =>
    (await app.inject({ method: 'GET', url: '/api/audit?limit=1', headers: admin })).json().entries[0];

  beforeEach(async () => {
    store = await openStore(':memory:');
  });

  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('with no executor for it, fails, and the audit log says failed', async () => {
    const id = await serve([]);
    const r = await confirm(id);
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('failed');
    expect(r.json().audit.at(-1).reason).toContain('no executor is configured for force_logout');
    expect(await lastAudit()).toMatchObject({
      action: 'action.confirm',
      target: id,
      detail: { from: 'awaiting_confirmation', to: 'failed' },
    });
  });

  it('with the demo dry-run executors, is active, and its audit trail holds the Graph request it would send', async () => {
    const id = await serve(dryRunExecutors([]));
    const r = await confirm(id);
    expect(r.json().status).toBe('active');
    expect(r.json().audit.at(-1)).toMatchObject({ actor: 'executor:msgraph dry run', to: 'active' });
    expect(r.json().audit.at(-1).reason).toContain(
      'POST https://graph.microsoft.com/v1.0/users/bob@contoso.com/revokeSignInSessions',
    );
    expect(await lastAudit()).toMatchObject({ detail: { to: 'active' } });
  });
});
