import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Action } from '../response/action.js';
import { responseConfigSchema } from '../response/config.js';
import { createExecutors, executeAction, revertAction } from '../response/executors/index.js';
import { DRY_RUN, dryRunExecutors } from './dry-run.js';

const T = Date.UTC(2026, 2, 12, 9, 10);

function action(over: Partial<Action>): Action {
  return {
    id: 'act-1',
    action: 'block_connections',
    target: { kind: 'device', id: '10.0.0.111' },
    mode: 'human_confirmation',
    reason: ['b-1'],
    rule: 'Response / Network / Significant Anomaly from Client Block',
    start: T,
    expires: T + 3_600_000,
    status: 'active',
    audit: [],
    ...over,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the demo dry-run executors', () => {
  it('carry a confirmed block out on paper: the audit keeps the nftables rule set it would load', async () => {
    const audit = await executeAction(
      action({ scope: { endpoints: ['198.51.100.23', 'tpxqzvwkm.top', '203.0.113.77'] } }),
      dryRunExecutors([]),
      T,
    );
    expect(audit.to).toBe('active');
    expect(audit.actor).toBe(`executor:nftables ${DRY_RUN}`);
    expect(audit.reason.startsWith(`nftables ${DRY_RUN}: nothing was changed; nftables would run:\nnft -f -`)).toBe(
      true,
    );
    expect(audit.reason).toContain('table inet telltale_act_1 {');
    expect(audit.reason).toMatch(/elements = \{ 198\.51\.100\.23 timeout \d+s, 203\.0\.113\.77 timeout \d+s \}/);
    expect(audit.reason).toContain('ip saddr 10.0.0.111 ip daddr @blocked counter reject');
  });

  it('record the Graph requests a SaaS action would send, and send none', async () => {
    const network = vi.spyOn(globalThis, 'fetch');
    const executors = dryRunExecutors([]);
    const user = { kind: 'user' as const, id: 'meganb@seccxp.ninja' };
    const disable = await executeAction(action({ action: 'disable_user', target: user }), executors, T);
    expect(disable.to).toBe('active');
    expect(disable.actor).toBe(`executor:msgraph ${DRY_RUN}`);
    expect(disable.reason).toContain(
      'PATCH https://graph.microsoft.com/v1.0/users/meganb@seccxp.ninja {"accountEnabled":false}',
    );
    expect(disable.reason).toContain('to report "disabled the account meganb@seccxp.ninja"');
    expect(disable.reason).not.toContain('oauth2');

    const logout = await executeAction(action({ action: 'force_logout', target: user }), executors, T);
    expect(logout.reason).toContain(
      'POST https://graph.microsoft.com/v1.0/users/meganb@seccxp.ninja/revokeSignInSessions',
    );

    const rule = await executeAction(
      action({ action: 'remove_inbox_rule', target: user, scope: { ruleName: '.' } }),
      executors,
      T,
    );
    expect(rule.reason).toContain(
      'GET https://graph.microsoft.com/v1.0/users/meganb@seccxp.ninja/mailFolders/inbox/messageRules',
    );
    expect(rule.reason).toContain(
      'DELETE https://graph.microsoft.com/v1.0/users/meganb@seccxp.ninja/mailFolders/inbox/messageRules/{id of the rule "."}',
    );

    const undo = await revertAction(action({ action: 'disable_user', target: user, status: 'cleared' }), executors, T);
    expect(undo.reason).toContain('{"accountEnabled":true}');
    expect(network).not.toHaveBeenCalled();
  });

  it('still fail what the real executor would refuse', async () => {
    const audit = await executeAction(
      action({ action: 'quarantine_device', target: { kind: 'user', id: 'meganb@seccxp.ninja' } }),
      dryRunExecutors([]),
      T,
    );
    expect(audit.to).toBe('failed');
    expect(audit.reason).toContain('acts on device IP addresses');
  });

  it('leave the kinds a configured executor handles to it', () => {
    const configured = createExecutors(responseConfigSchema.parse({ executors: { nftables: { dryRun: true } } }), {
      print: () => {},
    });
    const demo = dryRunExecutors(configured);
    expect(demo.map((e) => e.name)).toEqual([`msgraph ${DRY_RUN}`]);
    expect(demo.flatMap((e) => e.handles)).not.toContain('block_connections');
  });
});
