import { describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach } from '../analyst/breachFixture.js';
import type { Action } from '../response/action.js';
import { alertJson } from './alert.js';
import { formatCef } from './cef.js';
import { formatSyslog, octetCounted, syslogSeverity } from './syslog.js';

const breach = makeBreach({
  model: 'Compromise::Beaconing Activity To External Rare',
  time: '2026-03-11T02:00:00.000Z',
  entity: device('10.1.4.23'),
  score: 72,
  related: [endpoint('185.220.101.47')],
  mitre: ['T1071.001'],
  summary: 'Beacon every 60 s to "rare" host = 185.220.101.47]\nsecond line',
});

const action: Action = {
  id: 'a-1',
  action: 'force_logout',
  target: { kind: 'user', id: 'bob@contoso.com' },
  mode: 'autonomous',
  reason: ['b-1'],
  rule: 'Response / SaaS / Suspicious SaaS Activity Block',
  start: Date.parse('2026-03-10T07:20:00Z'),
  expires: Date.parse('2026-03-10T08:20:00Z'),
  status: 'active',
  audit: [{ time: Date.parse('2026-03-10T07:20:00Z'), actor: 'policy', to: 'active', reason: 'scored 80' }],
};

describe('RFC 5424', () => {
  it('formats a breach with priority, timestamp, structured data and an escaped value', () => {
    const line = formatSyslog(
      { type: 'breach', breach },
      { facility: 16, hostname: 'sensor-1', appName: 'telltale', sdId: 'telltale@32473' },
    );
    expect(
      line.startsWith('<131>1 2026-03-11T02:00:00.000Z sensor-1 telltale - breach [telltale@32473 type="breach" '),
    ).toBe(true);
    expect(line).toContain('entity="device:10.1.4.23"');
    expect(line).toContain('model="Compromise::Beaconing Activity To External Rare"');
    expect(line).toContain('mitre="T1071.001"');
    expect(
      line.endsWith(
        'Compromise::Beaconing Activity To External Rare: Beacon every 60 s to "rare" host = 185.220.101.47] second line',
      ),
    ).toBe(true);
    expect(line).not.toContain('\n');
  });

  it('escapes the structured-data specials and maps scores to severities', () => {
    const a = { type: 'action' as const, action: { ...action, rule: 'a "quoted" \\ rule ]' } };
    expect(formatSyslog(a)).toContain('rule="a \\"quoted\\" \\\\ rule \\]"');
    expect([95, 75, 55, 35, 5].map(syslogSeverity)).toEqual([2, 3, 4, 5, 6]);
    expect(octetCounted('<1>1 é')).toBe('7 <1>1 é');
  });
});

describe('CEF', () => {
  it('formats a breach with escaped header and extension', () => {
    const line = formatCef({ type: 'breach', breach });
    expect(
      line.startsWith(
        'CEF:0|telltale|telltale|0.1.0|Compromise::Beaconing Activity To External Rare|Compromise::Beaconing Activity To External Rare|7|',
      ),
    ).toBe(true);
    expect(line).toContain(
      `rt=${breach.time} externalId=${breach.id} cat=breach src=10.1.4.23 dst=185.220.101.47 cn1Label=score cn1=72`,
    );
    expect(line).toContain('msg=Beacon every 60 s to "rare" host \\= 185.220.101.47]\\nsecond line');
  });

  it('formats an action with its outcome and a pipe-escaped header', () => {
    const line = formatCef({ type: 'action', action: { ...action, target: { kind: 'user', id: 'a|b@contoso.com' } } });
    expect(line).toContain('|action:force_logout|force_logout a\\|b@contoso.com (active)|6|');
    expect(line).toContain('duser=a|b@contoso.com act=force_logout outcome=active');
  });
});

describe('alert JSON', () => {
  it('follows the replay line contract with ISO times', () => {
    expect(alertJson({ type: 'breach', breach })).toMatchObject({
      type: 'breach',
      time: '2026-03-11T02:00:00.000Z',
      score: 72,
    });
    expect(alertJson({ type: 'action', action })).toMatchObject({
      type: 'action',
      action: 'force_logout',
      expires: '2026-03-10T08:20:00.000Z',
    });
  });
});
