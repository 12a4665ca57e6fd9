import type { PromptFindingCategory } from '../enrich/prompt/finding.js';
import type {
  Event,
  SaasAdminEvent,
  SaasLoginEvent,
  SaasMailboxRuleEvent,
  SaasMailEvent,
  SaasOtherEvent,
  SourceRef,
} from '../events/event.js';
import type { Breach } from '../models/breach.js';

/** One row of a user's or agent's timeline, ready for the UI. */
export type TimelineItem =
  | {
      type: 'prompt';
      time: number;
      actor: string;
      actorType: 'human' | 'agent';
      /** Set when an agent acted for the timeline's person, or the person's agent acted. */
      onBehalfOf?: string;
      app?: string;
      model?: string;
      session?: string;
      prompt: string;
      tools: string[];
      resources: string[];
      findings: { category: PromptFindingCategory; type: string }[];
      source: SourceRef;
    }
  | {
      type: 'identity';
      time: number;
      kind: Event['kind'];
      operation: string;
      ip?: string;
      country?: string;
      asOrg?: string;
      success?: boolean;
      summary: string;
      source: SourceRef;
    }
  | { type: 'network'; time: number; kind: Event['kind']; summary: string; source: SourceRef }
  | {
      type: 'message';
      time: number;
      direction: 'in' | 'out';
      from: string;
      to: string[];
      subject?: string;
      source: SourceRef;
    }
  | { type: 'breach'; time: number; id: string; model: string; score: number; summary: string };

export interface Timeline {
  actor: string;
  from: number;
  to: number;
  items: TimelineItem[];
  counts: {
    prompts: number;
    tools: number;
    resources: number;
    identity: number;
    network: number;
    messages: number;
    breaches: number;
  };
}

export interface TimelineQuery {
  /** Lower-cased UPN or agent id. */
  actor: string;
  /** Inclusive start, exclusive end (event time, ms). */
  from: number;
  to: number;
}

/** Within one instant, causes before what they caused. */
const ORDER: Record<TimelineItem['type'], number> = { identity: 0, network: 1, message: 2, prompt: 3, breach: 4 };

/**
 * The ordered interactions of a user or agent between `from` and `to`: their prompts (with the
 * tools and resources each touched and what the detectors found), prompts their agents made for
 * them, their sign-ins and other SaaS operations, their devices' network events, the messages
 * they sent and received, and the breaches raised on them. Pure: same inputs, same timeline.
 */
export function buildTimeline(events: Iterable<Event>, breaches: Iterable<Breach>, q: TimelineQuery): Timeline {
  const id = q.actor.toLowerCase();
  const items: TimelineItem[] = [];
  const tools = new Set<string>();
  const resources = new Set<string>();
  const counts = { prompts: 0, tools: 0, resources: 0, identity: 0, network: 0, messages: 0, breaches: 0 };
  for (const e of events) {
    if (e.time < q.from || e.time >= q.to) continue;
    const item = itemOf(e, id);
    if (item === undefined) continue;
    items.push(item);
    if (item.type === 'prompt') {
      counts.prompts++;
      for (const t of item.tools) tools.add(t);
      for (const r of item.resources) resources.add(r);
    } else if (item.type === 'identity') counts.identity++;
    else if (item.type === 'network') counts.network++;
    else if (item.type === 'message') counts.messages++;
  }
  for (const b of breaches) {
    if (b.time < q.from || b.time >= q.to) continue;
    if (b.entity.id !== id && !b.related.some((r) => r.id === id)) continue;
    items.push({ type: 'breach', time: b.time, id: b.id, model: b.model, score: b.score, summary: b.summary });
    counts.breaches++;
  }
  items.sort((a, b) => a.time - b.time || ORDER[a.type] - ORDER[b.type]);
  counts.tools = tools.size;
  counts.resources = resources.size;
  return { actor: id, from: q.from, to: q.to, items, counts };
}

function itemOf(e: Event, id: string): TimelineItem | undefined {
  switch (e.kind) {
    case 'ai.prompt': {
      if (e.actor !== id && e.onBehalfOf !== id) return undefined;
      const item: TimelineItem = {
        type: 'prompt',
        time: e.time,
        actor: e.actor,
        actorType: e.actorType,
        prompt: e.prompt,
        tools: e.tools ?? [],
        resources: e.resources ?? [],
        findings: (e.findings ?? []).map((f) => ({ category: f.category, type: f.type })),
        source: e.source,
      };
      if (e.onBehalfOf !== undefined) item.onBehalfOf = e.onBehalfOf;
      if (e.app !== undefined) item.app = e.app;
      if (e.model !== undefined) item.model = e.model;
      if (e.session !== undefined) item.session = e.session;
      return item;
    }
    case 'saas.login':
    case 'saas.admin':
    case 'saas.mailbox_rule':
    case 'saas.mail':
    case 'saas.other': {
      if (e.user !== id) return undefined;
      const item: TimelineItem = {
        type: 'identity',
        time: e.time,
        kind: e.kind,
        operation: e.operation,
        summary: saasSummary(e),
        source: e.source,
      };
      if (e.ip !== undefined) item.ip = e.ip;
      const country = e.ipContext?.country ?? (e.kind === 'saas.login' ? e.country : undefined);
      if (country !== undefined) item.country = country;
      if (e.ipContext?.asOrg !== undefined) item.asOrg = e.ipContext.asOrg;
      if (e.kind === 'saas.login') item.success = e.success;
      return item;
    }
    case 'org.message': {
      const out = e.from === id;
      if (!out && !e.to.includes(id)) return undefined;
      const item: TimelineItem = {
        type: 'message',
        time: e.time,
        direction: out ? 'out' : 'in',
        from: e.from,
        to: e.to,
        source: e.source,
      };
      if (e.subject !== undefined) item.subject = e.subject;
      return item;
    }
    case 'org.directory':
      return undefined;
    default:
      if (e.entity.id !== id) return undefined;
      return { type: 'network', time: e.time, kind: e.kind, summary: netSummary(e), source: e.source };
  }
}

type SaasEvent = SaasLoginEvent | SaasAdminEvent | SaasMailboxRuleEvent | SaasMailEvent | SaasOtherEvent;

function saasSummary(e: SaasEvent): string {
  const where =
    e.ip !== undefined
      ? ` from ${e.ip}${e.ipContext?.asOrg ? ` (${e.ipContext.asOrg}${e.ipContext.networkClass === 'hosting' ? ', hosting' : ''})` : ''}`
      : '';
  if (e.kind === 'saas.login')
    return `${e.success ? 'Signed in' : 'Failed sign-in'}${e.app ? ` to ${e.app}` : ''}${where}`;
  return `${e.operation}${where}`;
}

function netSummary(e: Event): string {
  switch (e.kind) {
    case 'net.conn':
      return `${e.proto} connection to ${e.dst}:${e.dstPort}${e.service ? ` (${e.service})` : ''}`;
    case 'net.http':
      return `HTTP ${e.method ?? ''} ${e.host ?? e.dst}${e.uri ?? ''}`.replace('  ', ' ');
    case 'net.tls':
      return `TLS to ${e.serverName ?? e.dst}`;
    case 'net.dns':
      return `DNS ${e.qtype ?? ''} ${e.query ?? ''}`.trim();
    case 'net.file':
      return `File ${e.filename ?? e.fuid}${e.mimeType ? ` (${e.mimeType})` : ''}`;
    default:
      return e.kind;
  }
}
