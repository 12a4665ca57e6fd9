import { describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach, user } from '../src/analyst/breachFixture.js';
import { type ResponseConfigInput, responseConfigSchema } from '../src/response/config.js';
import { ResponsePolicy } from '../src/response/policy.js';
import { DEFAULT_RULES } from '../src/response/rules/index.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-10T07:20:00Z');

function policy(config: ResponseConfigInput = {}, tags: Record<string, string[]> = {}): ResponsePolicy {
  return new ResponsePolicy({ config: responseConfigSchema.parse(config), tagsOf: (e) => tags[e.id] ?? [] });
}

const takeover = (time: number, who = 'bob@contoso.com') =>
  makeBreach({
    model: 'SaaS / Compromise / Login From Rare Following Suspicious Login Attempt(s)',
    time,
    entity: user(who),
    score: 80,
  });

const beacon = (time: number, dev = '10.0.0.5', endpoints = ['45.9.148.3']) =>
  makeBreach({
    model: 'Compromise::Fast Beaconing to DGA',
    time,
    entity: device(dev),
    score: 92,
    related: endpoints.map(endpoint),
  });

describe('response policy', () => {
  it('ships the six response policy models of DESIGN §4 as its default rules', () => {
    expect(DEFAULT_RULES.map((r) => r.meta.name)).toEqual([
      'Response / Network / Significant Anomaly from Client Block',
      'Response / Network / Controlled and Model Breach',
      'Response / Network / Breaches Over Time Block',
      'Response / SaaS / Suspicious SaaS Activity Block',
      'Response / SaaS / Significant Compliance Activity Block',
      'Response / AI / Risky Prompt Hold',
    ]);
    for (const r of DEFAULT_RULES) {
      expect(r.meta.category).toBe('response');
      expect(r.meta.description.length).toBeGreaterThan(20);
      expect(r.meta.falsePositives.length).toBeGreaterThan(0);
      expect(r.onBreach ?? r.onIncident).toBeTypeOf('function');
    }
  });

  it('acts in each mode: observe proposes, human confirmation waits, autonomous acts', () => {
    const observed = policy({ maxMode: 'observe' }).onBreach(takeover(T0));
    expect(observed.map((a) => [a.action, a.mode, a.status])).toEqual([['force_logout', 'observe', 'proposed']]);
    const waiting = policy().onBreach(takeover(T0));
    expect(waiting.map((a) => [a.mode, a.status])).toEqual([['human_confirmation', 'awaiting_confirmation']]);
    const acting = policy({ maxMode: 'autonomous' }).onBreach(takeover(T0));
    expect(acting.map((a) => [a.mode, a.status])).toEqual([['autonomous', 'active']]);
    expect(acting[0]).toMatchObject({
      rule: 'Response / SaaS / Suspicious SaaS Activity Block',
      target: user('bob@contoso.com'),
      start: T0,
      expires: T0 + HOUR,
    });
    expect(acting[0]!.audit[0]).toMatchObject({ actor: 'policy', to: 'active', time: T0 });
    expect(acting[0]!.audit[0]!.reason).toContain('scored 80');
    const ruleMode = policy({
      maxMode: 'autonomous',
      rules: { 'Response / SaaS / Suspicious SaaS Activity Block': { mode: 'observe' } },
    }).onBreach(takeover(T0));
    expect(ruleMode[0]!.status).toBe('proposed');
  });

  it('confirms, then expires in event time; unconfirmed actions expire too', () => {
    const p = policy();
    const [a] = p.onBreach(takeover(T0));
    const confirmed = p.confirm(a!.id, 'alice.soc', T0 + 60_000, 'checked with the user')!;
    expect(confirmed.status).toBe('active');
    expect(confirmed.audit.at(-1)).toMatchObject({ actor: 'alice.soc', from: 'awaiting_confirmation', to: 'active' });
    expect(p.advance(T0 + HOUR - 1)).toEqual([]);
    const [expired] = p.advance(T0 + HOUR);
    expect(expired).toMatchObject({ id: a!.id, status: 'expired' });
    expect(expired!.audit.at(-1)).toMatchObject({
      actor: 'policy',
      from: 'active',
      to: 'expired',
      reason: 'duration elapsed',
    });
    const q = policy();
    q.onBreach(takeover(T0));
    expect(q.advance(T0 + 2 * HOUR)[0]!.audit.at(-1)!.reason).toBe('not confirmed before it would have expired');
  });

  it('extends an action in force instead of repeating it, and widens its scope', () => {
    const p = policy({ maxMode: 'autonomous' });
    const [first] = p.onBreach(beacon(T0));
    const [again] = p.onBreach(beacon(T0 + 30 * 60_000, '10.0.0.5', ['45.9.148.3', '45.9.148.4']));
    expect(again).toMatchObject({ id: first!.id, status: 'extended', expires: T0 + 90 * 60_000 });
    expect(again!.scope?.endpoints).toEqual(['45.9.148.3', '45.9.148.4']);
    expect(again!.reason).toHaveLength(2);
    expect(p.liveActions()).toHaveLength(1);
  });

  it('escalates repeat offenders: twice as long each time, capped', () => {
    const p = policy({ maxMode: 'autonomous', escalation: { factor: 2, maxDuration: '3h' } });
    const durations: number[] = [];
    let t = T0;
    for (let i = 0; i < 4; i++) {
      const [a] = p.onBreach(takeover(t));
      durations.push(a!.expires - a!.start);
      t = a!.expires + 1;
      p.advance(t);
    }
    expect(durations).toEqual([HOUR, 2 * HOUR, 3 * HOUR, 3 * HOUR]);
    const later = policy({ maxMode: 'autonomous', escalation: { memory: '1d' } });
    const [a1] = later.onBreach(takeover(T0));
    later.advance(a1!.expires);
    later.advance(T0 + 2 * 86_400_000);
    const [a2] = later.onBreach(takeover(T0 + 2 * 86_400_000));
    expect(a2!.expires - a2!.start).toBe(HOUR);
  });

  it('expires a lapsed action before a new proposal replaces it, even when time has not been advanced past it', () => {
    const p = policy({ maxMode: 'autonomous' });
    const [old] = p.onBreach(takeover(T0));
    const out = p.onBreach(takeover(T0 + HOUR + 60_000));
    expect(out.map((a) => [a.id, a.status])).toEqual([
      [old!.id, 'expired'],
      [expect.not.stringMatching(old!.id), 'active'],
    ]);
    expect(out[0]!.audit.at(-1)).toMatchObject({ actor: 'policy', from: 'active', to: 'expired', time: T0 + HOUR });
    expect(p.liveActions().map((a) => a.id)).toEqual([out[1]!.id]);
    // Only the successor (twice as long, a repeat) expires later; the old one is not emitted twice.
    expect(p.advance(T0 + 4 * HOUR).map((a) => a.id)).toEqual([out[1]!.id]);
  });

  it('never acts on allow-listed entities (by id, range or tag) nor blocks allow-listed endpoints', () => {
    const p = policy(
      { maxMode: 'autonomous', allow: ['ceo@contoso.com', '10.9.0.0/16', 'tag:critical', '*.contoso.com'] },
      {
        '10.0.0.6': ['critical'],
      },
    );
    expect(p.onBreach(takeover(T0, 'ceo@contoso.com'))).toEqual([]);
    expect(p.onBreach(beacon(T0, '10.9.1.1'))).toEqual([]);
    expect(p.onBreach(beacon(T0, '10.0.0.6'))).toEqual([]);
    expect(p.onBreach(beacon(T0, '10.0.0.7', ['update.contoso.com']))).toEqual([]);
    const [a] = p.onBreach(beacon(T0, '10.0.0.8', ['update.contoso.com', '45.9.148.3']));
    expect(a!.scope?.endpoints).toEqual(['45.9.148.3']);
    expect(p.counters.allowListed).toBe(4);
    const perRule = policy(
      {
        maxMode: 'autonomous',
        rules: { 'Response / SaaS / Suspicious SaaS Activity Block': { allow: ['tag:vip'] } },
      },
      { 'cfo@contoso.com': ['VIP'] },
    );
    expect(perRule.onBreach(takeover(T0, 'cfo@contoso.com'))).toEqual([]);
    expect(perRule.onBreach(takeover(T0, 'bob@contoso.com'))).toHaveLength(1);
  });

  it('clearing lifts an action and suppresses the same action on the same target for its window', () => {
    const p = policy({ maxMode: 'autonomous' });
    const [a] = p.onBreach(takeover(T0));
    const cleared = p.clear(a!.id, 'alice.soc', 'user confirmed the travel', T0 + 60_000)!;
    expect(cleared.status).toBe('cleared');
    expect(cleared.audit.at(-1)).toMatchObject({
      actor: 'alice.soc',
      reason: 'user confirmed the travel',
      to: 'cleared',
    });
    expect(p.onBreach(takeover(T0 + 30 * 60_000))).toEqual([]);
    expect(p.counters.suppressed).toBe(1);
    expect(p.onBreach(takeover(T0 + 30 * 60_000, 'carol@contoso.com'))).toHaveLength(1);
    p.advance(T0 + HOUR);
    expect(p.onBreach(takeover(T0 + HOUR + 1))).toHaveLength(1);
  });

  it('records executor failures and skips disabled rules', () => {
    const p = policy({
      maxMode: 'autonomous',
      rules: { 'Response / Network / Significant Anomaly from Client Block': { enabled: false } },
    });
    expect(p.onBreach(beacon(T0))).toEqual([]);
    const [a] = p.onBreach(takeover(T0));
    const failed = p.fail(a!.id, 'executor:msgraph', '403 Authorization_RequestDenied', T0 + 1)!;
    expect(failed).toMatchObject({ status: 'failed' });
    expect(p.liveActions()).toEqual([]);
  });

  it('restores from a snapshot with its live actions, escalation and suppression', () => {
    const p = policy({ maxMode: 'autonomous' });
    const [a] = p.onBreach(takeover(T0));
    p.onBreach(beacon(T0));
    p.clear(p.liveActions().find((x) => x.action === 'block_connections')!.id, 'soc', 'known', T0 + 1);
    const q = policy({ maxMode: 'autonomous' });
    q.restore(JSON.parse(JSON.stringify(p.snapshot())));
    expect(q.getAction(a!.id)).toEqual(a);
    expect(q.onBreach(beacon(T0 + 2))).toEqual([]);
    expect(q.advance(T0 + HOUR).map((x) => x.id)).toEqual([a!.id]);
  });
});
