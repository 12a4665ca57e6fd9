import { describe, expect, it } from 'vitest';
import type { PromptFinding } from '../../enrich/prompt/finding.js';
import type { AiPromptEvent, OrgDirectoryEvent, OrgMessageEvent } from '../../events/event.js';
import { DEFAULT_BASELINE_OPTIONS } from '../component.js';
import { Prevalence } from '../prevalence.js';
import { promptsInLastHour, usualHourlyPeak } from './actor-profile.js';
import { AiBaseline } from './index.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 9);
const src = { input: 'test' };

function prompt(actor: string, time: number, extra: Partial<AiPromptEvent> = {}): AiPromptEvent {
  const agent = extra.actorType === 'agent';
  return {
    kind: 'ai.prompt',
    time,
    source: src,
    entity: { kind: agent ? 'agent' : 'user', id: actor },
    actor,
    actorType: 'human',
    prompt: 'x',
    ...extra,
  };
}
function dir(user: string, manager: string, department: string): OrgDirectoryEvent {
  return { kind: 'org.directory', time: 0, source: src, entity: { kind: 'user', id: user }, user, manager, department };
}
function msg(from: string, to: string, time: number, subject: string): OrgMessageEvent {
  return { kind: 'org.message', time, source: src, entity: { kind: 'user', id: from }, from, to: [to], subject };
}

function fresh(): AiBaseline {
  return new AiBaseline(
    DEFAULT_BASELINE_OPTIONS,
    new Prevalence({ windowMs: DEFAULT_BASELINE_OPTIONS.learningWindowMs }),
  );
}

describe('AiBaseline', () => {
  it('learns volume, apps, models, tools, areas and categories per actor', () => {
    const b = fresh();
    for (let d = 0; d < 5; d++) {
      for (let i = 0; i < 3; i++) {
        b.observe(
          prompt('ann@c.com', T0 + d * 24 * H + i * 60_000, {
            app: 'Chat.Contoso',
            model: 'gpt-4o',
            tools: ['sharepoint.search'],
            resources: ['sharepoint:/sites/sales/deck.pptx'],
            findings: [
              { category: 'personal_data', type: 'email', start: 0, end: 1, confidence: 0.9 },
              { category: 'personal_data', type: 'phone', start: 2, end: 3, confidence: 0.9 },
            ],
          }),
        );
      }
    }
    const p = b.actor('ann@c.com')!;
    expect(p.prompts).toBe(15);
    expect([...p.apps.keys()]).toEqual(['chat.contoso']);
    expect([...p.areas.keys()]).toEqual(['sharepoint:/sites/sales']);
    expect(p.categories.get('personal_data')).toBe(15);
    expect(p.hourOfWeek.reduce((a, c) => a + c, 0)).toBe(15);
    const now = T0 + 5 * 24 * H;
    expect(usualHourlyPeak(p, now, DEFAULT_BASELINE_OPTIONS.learningWindowMs).p95).toBe(3);
    expect(promptsInLastHour(p, T0 + 4 * 24 * H + 30 * 60_000)).toBe(3);
    expect(b.appPrevalence('chat.contoso', now).touchers).toBe(1);
    expect(b.learningSince).toBe(T0);
  });

  it('knows peers, teammates and the latest message from the manager', () => {
    const b = fresh();
    b.observe(dir('ann@c.com', 'max@c.com', 'Sales'));
    b.observe(dir('bob@c.com', 'max@c.com', 'Sales'));
    b.observe(dir('max@c.com', 'ceo@c.com', 'Sales'));
    b.observe(dir('eve@c.com', 'zoe@c.com', 'Finance'));
    expect(b.org.teammates('ann@c.com')).toEqual(['bob@c.com']);
    expect(b.org.departmentPeers('ann@c.com').sort()).toEqual(['bob@c.com', 'max@c.com']);
    b.observe(msg('bob@c.com', 'ann@c.com', T0, 'lunch?'));
    b.observe(msg('max@c.com', 'ann@c.com', T0 + H, 'Urgent: tender due Friday'));
    const m = b.org.managerMessage('ann@c.com', T0, T0 + 2 * H);
    expect(m).toMatchObject({
      from: 'max@c.com',
      role: 'manager',
      subject: 'Urgent: tender due Friday',
      recipients: 1,
    });
    expect(b.org.managerMessage('ann@c.com', T0 + 1.5 * H, T0 + 2 * H)).toBeUndefined();
    expect(b.org.managerMessage('eve@c.com', T0, T0 + 2 * H)).toBeUndefined();
    b.observe(prompt('ann@c.com', T0 + 2 * H, { resources: ['sharepoint:/sites/sales/x.docx'] }));
    expect(b.departmentAreaPrevalence('Sales', 'sharepoint:/sites/sales', T0 + 3 * H).touchers).toBe(1);
    expect(b.departmentAreaPrevalence('Finance', 'sharepoint:/sites/sales', T0 + 3 * H).touchers).toBe(0);
  });

  it('learns the topics of prompts per actor and how many of a department raised each', () => {
    const b = fresh();
    b.observe(dir('ann@c.com', 'max@c.com', 'Sales'));
    b.observe(dir('bob@c.com', 'max@c.com', 'Sales'));
    const f = (category: PromptFinding['category'], type: string): PromptFinding => ({
      category,
      type,
      start: 0,
      end: 4,
      confidence: 0.9,
    });
    b.observe(prompt('ann@c.com', T0, { findings: [f('policy', 'data_exfiltration'), f('credential', 'jwt')] }));
    b.observe(prompt('bob@c.com', T0 + H, { findings: [f('sensitive_business', 'source_code')] }));
    b.observe(prompt('bot-1', T0 + H, { actorType: 'agent', findings: [f('policy', 'data_exfiltration')] }));
    expect([...b.actor('ann@c.com')!.topics.keys()]).toEqual(['policy:data_exfiltration', 'credential']);
    expect(b.topicPrevalence('policy:data_exfiltration', T0 + 2 * H).touchers).toBe(2);
    expect(b.departmentTopicPrevalence('Sales', 'policy:data_exfiltration', T0 + 2 * H).touchers).toBe(1);
    expect(b.departmentTopicPrevalence('Sales', 'business:source_code', T0 + 2 * H).touchers).toBe(1);
    expect(b.departmentTopicPrevalence('Finance', 'business:source_code', T0 + 2 * H).touchers).toBe(0);
    const c = fresh();
    c.restore(JSON.parse(JSON.stringify(b.snapshot())));
    expect(c.actor('ann@c.com')!.topics).toEqual(b.actor('ann@c.com')!.topics);
  });

  it('counts the recipients of one message across its trace rows, and tells separate messages apart', () => {
    const b = fresh();
    b.observe(dir('ann@c.com', 'max@c.com', 'Sales'));
    for (const [i, to] of ['ann@c.com', 'bob@c.com', 'cat@c.com', 'ann@c.com'].entries())
      b.observe(msg('max@c.com', to, T0 + i * 5_000, 'Weekly sync notes'));
    b.observe(msg('max@c.com', 'ann@c.com', T0 + 10_000, 'Can you take the Friday demo?'));
    b.observe(msg('max@c.com', 'ann@c.com', T0 + H, 'Weekly sync notes'));
    const all = b.org.managerMessages('ann@c.com', T0, T0 + 2 * H);
    expect(all.map((m) => [m.subject, m.recipients])).toEqual([
      ['Weekly sync notes', 1],
      ['Can you take the Friday demo?', 1],
      ['Weekly sync notes', 3],
      ['Weekly sync notes', 3],
    ]);
    const c = fresh();
    c.restore(JSON.parse(JSON.stringify(b.snapshot())));
    expect(c.org.managerMessages('ann@c.com', T0, T0 + 2 * H)).toEqual(all);
  });

  it('restores exactly what it snapshotted', () => {
    const b = fresh();
    b.observe(dir('ann@c.com', 'max@c.com', 'Sales'));
    b.observe(msg('max@c.com', 'ann@c.com', T0, 'hi'));
    b.observe(prompt('bot-1', T0, { actorType: 'agent', onBehalfOf: 'ann@c.com', tools: ['crm.read'] }));
    const snap = JSON.parse(JSON.stringify(b.snapshot()));
    const c = fresh();
    c.restore(snap);
    expect(c.snapshot()).toEqual(b.snapshot());
    expect(c.actor('bot-1')?.forUsers.has('ann@c.com')).toBe(true);
    expect(c.org.teammates('ann@c.com')).toEqual([]);
  });
});
