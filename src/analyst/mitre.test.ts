import { describe, expect, it } from 'vitest';
import { chainProgress, isAttackTechnique, TACTICS, tacticsOf, tacticsReached, technique } from './mitre.js';

describe('ATT&CK map', () => {
  it('lists the fourteen Enterprise tactics in kill-chain order', () => {
    expect(TACTICS.map((t) => t.shortName)).toEqual([
      'reconnaissance',
      'resource-development',
      'initial-access',
      'execution',
      'persistence',
      'privilege-escalation',
      'defense-evasion',
      'credential-access',
      'discovery',
      'lateral-movement',
      'collection',
      'command-and-control',
      'exfiltration',
      'impact',
    ]);
  });

  it('gives sub-techniques their parent tactics and falls back to the parent for unlisted ones', () => {
    expect(technique('T1071.001')).toMatchObject({ name: 'Web Protocols', tactics: ['command-and-control'] });
    expect(technique('T1078.004')?.tactics).toContain('initial-access');
    expect(technique('T1071.999')?.name).toBe('Application Layer Protocol');
    expect(technique('AML.T0051')).toBeUndefined();
  });

  it('orders the tactics of techniques by the kill chain and measures progress', () => {
    const tactics = tacticsOf(['T1041', 'T1114.003', 'T1110.003']);
    expect(tactics.map((t) => t.shortName)).toEqual(['credential-access', 'collection', 'exfiltration']);
    expect(chainProgress(tactics)).toBeCloseTo(12 / 13);
    expect(chainProgress([])).toBe(0);
    expect(isAttackTechnique('T1071.001')).toBe(true);
    expect(isAttackTechnique('AML.T0051')).toBe(false);
  });

  it('orders the tactics reached by their first breach in time, not by the kill chain', () => {
    const reached = tacticsReached([
      { id: 'b-c2', time: 3_000, mitre: ['T1071.001'] },
      { id: 'b-exfil', time: 2_000, mitre: ['T1041'] },
      { id: 'b-exfil-again', time: 1_500, mitre: ['T1041'] },
      { id: 'b-spray', time: 1_500, mitre: ['T1110.003'] },
      { id: 'b-aml', time: 500, mitre: ['AML.T0051'] },
    ]);
    expect(reached.map((r) => [r.tactic.shortName, r.time, r.breach])).toEqual([
      // Same instant: kill-chain position breaks the tie.
      ['credential-access', 1_500, 'b-spray'],
      ['exfiltration', 1_500, 'b-exfil-again'],
      ['command-and-control', 3_000, 'b-c2'],
    ]);
  });
});
