import { describe, expect, it } from 'vitest';
import { app, makeBreach, user } from '../../analyst/breachFixture.js';
import type { Incident } from '../../analyst/incident.js';
import rule from './suspiciousSaasActivityBlock.js';
import { ruleContext } from './testing.js';

describe(rule.meta.name, () => {
  const ctx = ruleContext(rule);
  const bob = user('bob@contoso.com');

  it('revokes the sessions of a compromised account, not after a mere failed attempt', () => {
    const takeover = makeBreach({
      model: 'SaaS / Compromise / Login From Rare Following Suspicious Login Attempt(s)',
      time: 1,
      entity: bob,
      score: 78,
    });
    expect(rule.onBreach!(takeover, ctx).map((p) => p.action)).toEqual(['force_logout']);
    const attempt = makeBreach({ model: 'SaaS / Access / Suspicious Login Attempt', time: 1, entity: bob, score: 78 });
    expect(rule.onBreach!(attempt, ctx)).toEqual([]);
  });

  it('disables the service principal of an OAuth app used as a foothold', () => {
    const grant = makeBreach({
      model: 'SaaS / Compromise / Unusual Login Following OAuth Grant',
      time: 1,
      entity: bob,
      score: 88,
      related: [app('4f1c1e0a-7d6f-4a43-9b1a-2f5e0b0b9c11')],
    });
    const proposals = rule.onBreach!(grant, ctx);
    expect(proposals.map((p) => p.action)).toEqual(['force_logout', 'disable_service_principal']);
    expect(proposals[1]).toMatchObject({
      target: { kind: 'app' },
      scope: { appId: '4f1c1e0a-7d6f-4a43-9b1a-2f5e0b0b9c11' },
    });
  });

  it('asks to disable the account when its incident is severe', () => {
    const inc = {
      id: 'i-9',
      score: 90,
      end: 10,
      timeline: [
        {
          time: 1,
          breachId: 'b',
          model: 'SaaS / Compromise / Unusual Login and New Email Rule',
          entity: bob,
          summary: '',
          score: 85,
        },
      ],
    } as Incident;
    expect(rule.onIncident!(inc, ctx)).toEqual([
      expect.objectContaining({ action: 'disable_user', target: bob, reason: ['i-9'] }),
    ]);
    expect(rule.onIncident!({ ...inc, score: 70 }, ctx)).toEqual([]);
  });
});
