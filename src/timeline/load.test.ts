import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { BreachQuery, EventQuery, Store } from '../store/store.js';
import { loadTimeline } from './load.js';

const T = Date.UTC(2026, 2, 12, 9);
const src = { input: 'x' };
const EVENTS: Event[] = [
  {
    kind: 'saas.login',
    time: T,
    source: src,
    entity: { kind: 'user', id: 'ann@c.com' },
    user: 'ann@c.com',
    operation: 'UserLoggedIn',
    success: true,
  },
  {
    kind: 'ai.prompt',
    time: T + 1,
    source: src,
    entity: { kind: 'user', id: 'ann@c.com' },
    actor: 'ann@c.com',
    actorType: 'human',
    prompt: 'hi',
  },
  {
    kind: 'ai.prompt',
    time: T + 2,
    source: src,
    entity: { kind: 'agent', id: 'bot' },
    actor: 'bot',
    actorType: 'agent',
    onBehalfOf: 'ann@c.com',
    prompt: 'for ann',
  },
  {
    kind: 'org.message',
    time: T + 3,
    source: src,
    entity: { kind: 'user', id: 'max@c.com' },
    from: 'max@c.com',
    to: ['ann@c.com'],
  },
  {
    kind: 'ai.prompt',
    time: T + 4,
    source: src,
    entity: { kind: 'user', id: 'bob@c.com' },
    actor: 'bob@c.com',
    actorType: 'human',
    prompt: 'bob',
  },
];
const BREACHES: Breach[] = [
  {
    id: 'b1',
    model: 'AI / Usage / New AI Application',
    time: T + 1,
    score: 40,
    entity: { kind: 'user', id: 'ann@c.com' },
    related: [],
    mitre: [],
    summary: 's',
    evidence: [],
    sources: [src],
  },
  {
    id: 'b2',
    model: 'AI / Usage / New AI Application',
    time: T + 4,
    score: 40,
    entity: { kind: 'user', id: 'bob@c.com' },
    related: [],
    mitre: [],
    summary: 's',
    evidence: [],
    sources: [src],
  },
];

/** Only the two query methods a timeline uses, answering like the embedded store does. */
const store = {
  async queryEvents(q: EventQuery) {
    return EVENTS.filter(
      (e) =>
        (q.entity === undefined || e.entity.id === q.entity) &&
        (q.kinds === undefined || q.kinds.includes(e.kind)) &&
        e.time >= (q.from ?? 0) &&
        e.time < (q.to ?? Infinity),
    );
  },
  async queryBreaches(q: BreachQuery) {
    return BREACHES.filter((b) => b.time >= (q.from ?? 0) && b.time < (q.to ?? Infinity));
  },
} as unknown as Store;

describe('loadTimeline', () => {
  it("gathers the person's events, their agent's prompts, mail to them and their breaches, once each", async () => {
    const tl = await loadTimeline(store, { actor: 'Ann@c.com', from: T, to: T + 10 });
    expect(tl.items.map((i) => (i.type === 'prompt' ? `prompt:${i.actor}` : i.type))).toEqual([
      'identity',
      'prompt:ann@c.com',
      'breach',
      'prompt:bot',
      'message',
    ]);
  });
});
