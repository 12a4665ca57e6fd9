import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBreach, user } from '../src/analyst/breachFixture.js';
import { ActionRunner, decideAction } from '../src/cli/action-runner.js';
import { configSchema } from '../src/config/schema.js';
import { IdentityHolds } from '../src/gateway/holds.js';
import type { Action } from '../src/response/action.js';
import { responseConfigSchema } from '../src/response/config.js';
import type { Executor } from '../src/response/executors/index.js';
import { PromptGatewayExecutor } from '../src/response/executors/promptGateway.js';
import { ResponsePolicy } from '../src/response/policy.js';
import { createServer, type FirstStartCredentials } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-10T07:20:00Z');

/** Records what it was asked to do instead of calling Graph. */
class FakeExecutor implements Executor {
  readonly name = 'fake';
  readonly handles = ['force_logout'] as const;
  readonly calls: [verb: 'apply' | 'revert', id: string, status: Action['status']][] = [];
  async apply(a: Action): Promise<string> {
    this.calls.push(['apply', a.id, a.status]);
    return `logged out ${a.target.id}`;
  }
  async revert(a: Action): Promise<string> {
    this.calls.push(['revert', a.id, a.status]);
    return `nothing to undo for ${a.target.id}`;
  }
}

const takeover = (time: number) =>
  makeBreach({
    model: 'SaaS / Compromise / Login From Rare Following Suspicious Login Attempt(s)',
    time,
    entity: user('bob@contoso.com'),
    score: 80,
  });

describe('analyst decisions through the response policy', () => {
  let store: Store;
  let app: FastifyInstance;
  let policy: ResponsePolicy;
  let runner: ActionRunner;
  let fake: FakeExecutor;
  let analyst: { authorization: string };
  let now = T0;

  /** What `run` does with the pipeline's actions: commit, then carry out. */
  const settle = async (actions: Action[]) => {
    await store.commit({ actions });
    await runner.handle(actions);
  };
  const decide = (id: string, decision: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/api/actions/${id}/${decision}`, headers: analyst, payload });

  beforeEach(async () => {
    store = await openStore(':memory:');
    policy = new ResponsePolicy({ config: responseConfigSchema.parse({}) });
    fake = new FakeExecutor();
    runner = new ActionRunner([fake], store, (a, audit) => policy.fail(a.id, audit.actor, audit.reason, now));
    const announced: FirstStartCredentials[] = [];
    app = await createServer({
      store,
      config: configSchema.parse({}),
      logger: false,
      webRoot: false,
      announce: (c) => announced.push(c),
      now: () => now,
      onActionDecision: decideAction(policy, runner, (batch) => store.commit(batch)),
    });
    const r = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${announced[0]!.token}` },
      payload: { name: 'analyst', role: 'analyst' },
    });
    analyst = { authorization: `Bearer ${r.json().token}` };
  });

  afterEach(async () => {
    await app.close();
    await store.close();
  });

  it('confirming an awaiting action carries it out, and a later policy extension keeps the analyst in its audit', async () => {
    const [proposed] = policy.onBreach(takeover(T0));
    expect(proposed!.status).toBe('awaiting_confirmation');
    await settle([proposed!]);
    expect(fake.calls).toEqual([]);

    now = T0 + 5 * 60_000;
    const r = await decide(proposed!.id, 'confirm', { reason: 'user did not sign in from there' });
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('active');
    expect(fake.calls).toEqual([['apply', proposed!.id, 'active']]);
    expect(policy.getAction(proposed!.id)?.status).toBe('active');
    const confirmedEntry = {
      actor: 'token:analyst',
      from: 'awaiting_confirmation',
      to: 'active',
      reason: 'user did not sign in from there',
    };
    const stored = (await store.getAction(proposed!.id))!;
    expect(stored.status).toBe('active');
    expect(stored.audit).toContainEqual(expect.objectContaining(confirmedEntry));
    expect(stored.audit.at(-1)).toMatchObject({ actor: 'executor:fake', reason: 'fake: logged out bob@contoso.com' });

    // The same takeover again, half an hour later: the policy extends its own copy and commits it.
    const [extended] = policy.onBreach(takeover(T0 + HOUR / 2));
    expect(extended).toMatchObject({ id: proposed!.id, status: 'extended' });
    await settle([extended!]);
    const after = (await store.getAction(proposed!.id))!;
    expect(after.status).toBe('extended');
    expect(after.audit).toContainEqual(expect.objectContaining(confirmedEntry));
    expect(after.audit.filter((e) => e.actor === 'executor:fake')).toHaveLength(2);
    expect(after.audit.map((e) => e.to)).toEqual(['awaiting_confirmation', 'active', 'active', 'extended', 'extended']);
    expect(fake.calls).toHaveLength(2);
  });

  it('clearing an active action lifts it and suppresses the same proposal on the same target within its window', async () => {
    const auto = new ResponsePolicy({ config: responseConfigSchema.parse({ maxMode: 'autonomous' }) });
    policy = auto;
    await app.close();
    app = await createServer({
      store,
      config: configSchema.parse({}),
      logger: false,
      webRoot: false,
      announce: () => {},
      now: () => now,
      onActionDecision: decideAction(auto, runner, (batch) => store.commit(batch)),
    });
    const [active] = auto.onBreach(takeover(T0));
    expect(active!.status).toBe('active');
    await settle([active!]);
    expect(fake.calls).toEqual([['apply', active!.id, 'active']]);

    now = T0 + 10 * 60_000;
    const r = await decide(active!.id, 'clear', { reason: 'bob was travelling' });
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('cleared');
    expect(fake.calls.at(-1)).toEqual(['revert', active!.id, 'cleared']);
    expect(auto.getAction(active!.id)).toBeUndefined();
    const stored = (await store.getAction(active!.id))!;
    expect(stored.status).toBe('cleared');
    expect(stored.audit).toContainEqual(
      expect.objectContaining({ actor: 'token:analyst', from: 'active', to: 'cleared', reason: 'bob was travelling' }),
    );

    expect(auto.onBreach(takeover(T0 + 20 * 60_000))).toEqual([]);
    expect(auto.counters.suppressed).toBe(1);
    // After the window it would have had, the same takeover acts again.
    expect(auto.onBreach(takeover(T0 + HOUR))).toHaveLength(1);

    // A decision on what the policy no longer holds is refused, and the store is left as it was.
    const again = await decide(active!.id, 'confirm', { reason: 'x' });
    expect(again.statusCode).toBe(409);
    expect((await store.getAction(active!.id))!.status).toBe('cleared');
  });

  it('extends through the policy, so its expiry then governs the action', async () => {
    const [proposed] = policy.onBreach(takeover(T0));
    await settle([proposed!]);
    now = T0 + 60_000;
    await decide(proposed!.id, 'confirm', { reason: 'confirmed' });
    const r = await decide(proposed!.id, 'extend', { reason: 'still investigating', durationMs: 2 * HOUR });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'extended', expires: T0 + 3 * HOUR });
    expect(fake.calls.map((c) => c[0])).toEqual(['apply', 'apply']);
    expect(policy.advance(T0 + 2 * HOUR)).toEqual([]);
    const [expired] = policy.advance(T0 + 3 * HOUR);
    await settle([expired!]);
    expect(fake.calls.at(-1)).toEqual(['revert', proposed!.id, 'expired']);
    expect((await store.getAction(proposed!.id))!.audit).toContainEqual(
      expect.objectContaining({ actor: 'token:analyst', to: 'extended', reason: 'still investigating' }),
    );
  });
});

describe('action runner after a restart', () => {
  const HOLD = 'Response / AI / Risky Prompt Hold';
  const hold = (id: string, over: Partial<Action> = {}): Action => ({
    id,
    action: 'hold_prompt',
    target: { kind: 'user', id: `${id}@contoso.com` },
    mode: 'autonomous',
    reason: ['b-1'],
    rule: HOLD,
    start: T0,
    expires: T0 + HOUR,
    status: 'active',
    audit: [{ time: T0, actor: 'policy', to: 'active', reason: 'risky prompt' }],
    ...over,
  });

  it('lifts what ended while it was down, holds again what is still live, and reverts it at expiry', async () => {
    const store = await openStore(':memory:');
    const holds = new IdentityHolds();
    const runner = new ActionRunner([new PromptGatewayExecutor(holds)], store);
    const ended = hold('ended');
    const live = hold('live');
    // The earlier process held both; then the catch-up expired one of them.
    await store.commit({ actions: [ended, live] });
    holds.hold('ended@contoso.com', T0 + HOUR);
    const expired = {
      ...ended,
      status: 'expired' as const,
      audit: [
        ...ended.audit,
        {
          time: T0 + HOUR,
          actor: 'policy',
          from: 'active' as const,
          to: 'expired' as const,
          reason: 'duration elapsed',
        },
      ],
    };
    await store.commit({ actions: [expired] });

    // A new process: its gateway does not hold the live action's identity until the runner resumes.
    expect(holds.state('live@contoso.com', T0 + 1).held).toBe(false);
    await runner.resume([ended, live], [live]);
    expect(holds.state('live@contoso.com', T0 + 1).held).toBe(true);
    expect(holds.state('ended@contoso.com', T0 + 1).held).toBe(false);
    expect((await store.getAction('ended'))!.status).toBe('expired');
    expect((await store.getAction('ended'))!.audit.at(-1)!.reason).toContain('released prompts of ended@contoso.com');

    await runner.handle([{ ...live, status: 'expired' }]);
    expect(holds.state('live@contoso.com', T0 + 1).held).toBe(false);
    expect(runner.counters).toEqual({ applied: 1, reverted: 2, failed: 0 });
    await store.close();
  });

  it('applies again when only the scope of an action in force widens', async () => {
    const fake = new FakeExecutor();
    const runner = new ActionRunner([fake]);
    const a = { ...hold('x'), action: 'force_logout' as const, scope: { sessions: ['s1'] } };
    await runner.handle([a]);
    await runner.handle([a]);
    await runner.handle([{ ...a, status: 'extended', scope: { sessions: ['s1', 's2'] } }]);
    expect(fake.calls.map((c) => c[0])).toEqual(['apply', 'apply']);
  });
});
