import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import { buildTimeline } from './timeline.js';

const T = Date.UTC(2026, 2, 12, 9);
const src = { input: 'x' };
const events: Event[] = [
  {
    kind: 'ai.prompt',
    time: T + 20 * 60_000,
    source: src,
    entity: { kind: 'user', id: 'ann@c.com' },
    actor: 'ann@c.com',
    actorType: 'human',
    prompt: 'Summarise finance files',
    tools: ['sharepoint.search'],
    resources: ['sharepoint:/sites/finance/q1.xlsx'],
    findings: [{ category: 'policy', type: 'data_exfiltration', start: 0, end: 9, confidence: 0.7 }],
  },
  {
    kind: 'saas.login',
    time: T,
    source: src,
    entity: { kind: 'user', id: 'ann@c.com' },
    user: 'ann@c.com',
    ip: '203.0.113.7',
    operation: 'UserLoggedIn',
    success: true,
    ipContext: { ip: '203.0.113.7', internal: false, asOrg: 'Rent-a-VM', networkClass: 'hosting', country: 'NL' },
  },
  {
    kind: 'ai.prompt',
    time: T + 30 * 60_000,
    source: src,
    entity: { kind: 'agent', id: 'mail-bot' },
    actor: 'mail-bot',
    actorType: 'agent',
    onBehalfOf: 'ann@c.com',
    prompt: 'send it',
    tools: ['graph.mail.send'],
  },
  {
    kind: 'org.message',
    time: T - 60_000,
    source: src,
    entity: { kind: 'user', id: 'max@c.com' },
    from: 'max@c.com',
    to: ['ann@c.com'],
    subject: 'hi',
  },
  {
    kind: 'ai.prompt',
    time: T,
    source: src,
    entity: { kind: 'user', id: 'bob@c.com' },
    actor: 'bob@c.com',
    actorType: 'human',
    prompt: 'not ann',
  },
  {
    kind: 'saas.login',
    time: T - 10 * 86_400_000,
    source: src,
    entity: { kind: 'user', id: 'ann@c.com' },
    user: 'ann@c.com',
    operation: 'UserLoggedIn',
    success: true,
  },
];
const breaches: Breach[] = [
  {
    id: 'b-1',
    model: 'SaaS / Access / Unusual External Source for SaaS Credential Use',
    time: T,
    score: 62,
    entity: { kind: 'user', id: 'ann@c.com' },
    related: [],
    mitre: [],
    summary: 'hosting login',
    evidence: [],
    sources: [src],
  },
  {
    id: 'b-2',
    model: 'AI / Agent / New Agent Identity',
    time: T + 30 * 60_000,
    score: 45,
    entity: { kind: 'agent', id: 'mail-bot' },
    related: [{ kind: 'user', id: 'ann@c.com' }],
    mitre: [],
    summary: 'new agent',
    evidence: [],
    sources: [src],
  },
];

describe('buildTimeline', () => {
  it("orders a person's prompts, their agent's prompts, sign-ins, messages and breaches within the window", () => {
    const tl = buildTimeline(events, breaches, { actor: 'Ann@C.com', from: T - 3_600_000, to: T + 3_600_000 });
    expect(tl.items.map((i) => i.type)).toEqual(['message', 'identity', 'breach', 'prompt', 'prompt', 'breach']);
    expect(tl.items[1]).toMatchObject({
      type: 'identity',
      ip: '203.0.113.7',
      asOrg: 'Rent-a-VM',
      success: true,
      summary: 'Signed in from 203.0.113.7 (Rent-a-VM, hosting)',
    });
    expect(tl.items[3]).toMatchObject({
      type: 'prompt',
      tools: ['sharepoint.search'],
      findings: [{ category: 'policy', type: 'data_exfiltration' }],
    });
    expect(tl.items[4]).toMatchObject({ type: 'prompt', actor: 'mail-bot', onBehalfOf: 'ann@c.com' });
    expect(tl.counts).toEqual({
      prompts: 2,
      tools: 2,
      resources: 1,
      identity: 1,
      network: 0,
      messages: 1,
      breaches: 2,
    });
  });

  it("shows an agent's own timeline and nothing of others", () => {
    const tl = buildTimeline(events, breaches, { actor: 'mail-bot', from: 0, to: T + 86_400_000 });
    expect(tl.items.map((i) => i.type)).toEqual(['prompt', 'breach']);
  });
});
