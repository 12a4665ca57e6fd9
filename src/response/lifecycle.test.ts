import { describe, expect, it } from 'vitest';
import type { Action } from './action.js';
import {
  canTransition,
  clear,
  confirm,
  expire,
  extend,
  fail,
  IllegalTransition,
  isInForce,
  isLive,
} from './lifecycle.js';

const base: Action = {
  id: 'a-1',
  action: 'block_connections',
  target: { kind: 'device', id: '10.0.0.5' },
  mode: 'human_confirmation',
  reason: ['b-1'],
  rule: 'Response / Network / Significant Anomaly from Client Block',
  start: 0,
  expires: 1000,
  status: 'awaiting_confirmation',
  audit: [{ time: 0, actor: 'policy', to: 'awaiting_confirmation', reason: 'proposed' }],
};

describe('action life cycle', () => {
  it('walks awaiting confirmation -> active -> extended -> expired, auditing each step', () => {
    const a = confirm(base, 'soc.alice', 10);
    const b = extend(a, 5000, 'soc.bob', 'still beaconing', 20);
    const c = expire(b, 5000);
    expect([a.status, b.status, c.status]).toEqual(['active', 'extended', 'expired']);
    expect(b.expires).toBe(5000);
    expect(c.audit.map((x) => [x.actor, x.from, x.to])).toEqual([
      ['policy', undefined, 'awaiting_confirmation'],
      ['soc.alice', 'awaiting_confirmation', 'active'],
      ['soc.bob', 'active', 'extended'],
      ['policy', 'extended', 'expired'],
    ]);
    expect(base.audit).toHaveLength(1);
  });

  it('keeps final states final', () => {
    const cleared = clear(base, 'soc', 'false positive', 5);
    expect(isLive(cleared)).toBe(false);
    expect(() => confirm(cleared, 'soc', 6)).toThrow(IllegalTransition);
    expect(() => extend(fail(confirm(base, 's', 1), 'executor:nftables', 'nft failed', 2), 9, 's', 'x', 3)).toThrow(
      IllegalTransition,
    );
    expect(canTransition('expired', 'active')).toBe(false);
    expect(isInForce(confirm(base, 's', 1))).toBe(true);
    expect(isInForce(base)).toBe(false);
  });
});
