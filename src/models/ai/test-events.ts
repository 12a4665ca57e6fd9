import type { PromptFinding, PromptFindingCategory } from '../../enrich/prompt/finding.js';
import type { AiPromptEvent, Event, OrgDirectoryEvent, OrgMessageEvent, SaasLoginEvent } from '../../events/event.js';
import type { BreachDraft } from '../breach.js';
import { type AnyModel, defineModel, NO_BREACH } from '../model.js';

/** Shared builders for the AI model tests: events as decoders and enrichment would leave them. */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** A Monday, 00:00 UTC. */
export const T0 = Date.UTC(2026, 2, 2);

let line = 0;

export function prompt(actor: string, time: number, extra: Partial<AiPromptEvent> = {}): AiPromptEvent {
  const agent = extra.actorType === 'agent';
  return {
    kind: 'ai.prompt',
    time,
    source: { input: 'prompts.jsonl', line: ++line },
    entity: { kind: agent ? 'agent' : 'user', id: actor },
    actor,
    actorType: 'human',
    app: 'chat.contoso-ai',
    model: 'gpt-4o',
    prompt: 'Summarise this meeting',
    ...extra,
  };
}

export function finding(category: PromptFindingCategory, type: string, confidence = 0.9): PromptFinding {
  return { category, type, start: 10, end: 30, confidence };
}

export function directory(user: string, manager: string | undefined, department: string): OrgDirectoryEvent {
  const e: OrgDirectoryEvent = {
    kind: 'org.directory',
    time: 0,
    source: { input: 'users.json' },
    entity: { kind: 'user', id: user },
    user,
    department,
  };
  if (manager !== undefined) e.manager = manager;
  return e;
}

export function message(from: string, to: string, time: number, subject: string): OrgMessageEvent {
  return {
    kind: 'org.message',
    time,
    source: { input: 'trace.csv', line: ++line },
    entity: { kind: 'user', id: from },
    from,
    to: [to],
    subject,
  };
}

export function login(user: string, time: number, ip: string): SaasLoginEvent {
  return {
    kind: 'saas.login',
    time,
    source: { input: 'ual.json', line: ++line },
    entity: { kind: 'user', id: user },
    user,
    ip,
    operation: 'UserLoggedIn',
    success: true,
  };
}

/**
 * `days` working days (Mon-Fri) of ordinary prompting: `perDay` prompts an hour apart from 09:00,
 * with the given extra fields, for each actor.
 */
export function ordinaryDays(
  actors: readonly string[],
  days: number,
  perDay: number,
  extra: (actor: string, i: number) => Partial<AiPromptEvent> = () => ({}),
): Event[] {
  const out: Event[] = [];
  for (let d = 0; d < days; d++) {
    const day = T0 + d * DAY;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let i = 0; i < perDay; i++) {
      for (const a of actors)
        out.push(
          prompt(a, day + 9 * HOUR + i * (HOUR / Math.max(1, perDay / 8)) + actors.indexOf(a) * 1000, extra(a, i)),
        );
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/** Models are invariant in their event kind; tests hand single models to `runModels` through this. */
export function anyModel(m: object): AnyModel {
  return m as AnyModel;
}

/**
 * A stand-in for the SaaS unusual-login model (the real one lives in models/saas): any login from
 * 203.0.113.0/24 (documentation range, playing a hosting network) is an unusual external source.
 */
export const standInUnusualLogin: AnyModel = defineModel({
  meta: {
    name: 'SaaS / Access / Unusual External Source for SaaS Credential Use',
    description: 'test stand-in',
    category: 'saas',
    mitre: ['T1078.004'],
    severity: 60,
    reads: ['saas.login'],
    thresholds: {},
    falsePositives: [],
  },
  evaluate(e: SaasLoginEvent): readonly BreachDraft[] {
    if (!e.ip?.startsWith('203.0.113.')) return NO_BREACH;
    return [
      {
        score: 62,
        entity: e.entity,
        summary: `${e.user} signed in from hosting network ${e.ip}`,
        evidence: [{ label: 'IP', value: e.ip }],
      },
    ];
  },
}) as AnyModel;
