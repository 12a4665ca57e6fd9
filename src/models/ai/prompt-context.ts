import { activeDays, promptsInLastHour, usualHourlyPeak } from '../../baseline/ai/actor-profile.js';
import type { ManagerMessage } from '../../baseline/ai/org-context.js';
import { promptTopics } from '../../baseline/ai/prompt-topics.js';
import { resourceArea } from '../../baseline/ai/resource-area.js';
import type { BaselineView } from '../../baseline/view.js';
import type { AiPromptEvent, EntityRef } from '../../events/event.js';
import type { Breach, Evidence } from '../breach.js';
import type { ModelContext, Thresholds } from '../model.js';
import { judgeAssignment } from './work-assignment.js';

/**
 * Context scoring shared by the AI models: what happened around a prompt that makes it more or
 * less worrying than its words alone. Each adjustment multiplies the score and states why.
 */
export interface PromptContext {
  /** Product of all adjustments; 1 when nothing around the prompt matters. */
  factor: number;
  evidence: Evidence[];
  /** Earlier identity / network breaches of the person behind the prompt. */
  priorBreaches: Breach[];
}

export interface PromptContextOptions {
  /** How far back identity / network breaches of the same person count. */
  breachWindowMs: number;
  /** Raise when the person has such breaches. */
  breachFactor: number;
  /** Raise when the prompt touches resource areas the person's department never touches. */
  roleFactor: number;
  /** Raise when an agent does for a person what that person never does. */
  onBehalfFactor: number;
  /**
   * Bursts only: lower when the person's manager assigned them work within `managerWindowMs` (a
   * message to them or to at most `maxAssignRecipients` people that asks for work or names what
   * the prompt is about), or when teammates are bursting too (a project team's pattern).
   */
  burst?: {
    managerWindowMs: number;
    managerFactor: number;
    maxAssignRecipients: number;
    teamFactor: number;
    teamMinBursting: number;
  };
}

const HOUR_MS = 3_600_000;

/** The person a prompt is for: the human who typed it, or the user an agent acted for. */
export function personOf(e: AiPromptEvent): string | undefined {
  return e.actorType === 'human' ? e.actor : e.onBehalfOf;
}

export function promptContext<P extends Thresholds>(
  e: AiPromptEvent,
  ctx: ModelContext<P>,
  opts: PromptContextOptions,
): PromptContext {
  const out: PromptContext = { factor: 1, evidence: [], priorBreaches: [] };
  const person = personOf(e);
  if (person !== undefined) {
    const prior = ctx
      .recentBreaches({ kind: 'user', id: person }, e.time - opts.breachWindowMs)
      .filter((b) => !b.model.startsWith('AI / ') && b.time <= e.time);
    if (prior.length > 0) {
      out.priorBreaches = prior;
      out.factor *= opts.breachFactor;
      const last = prior[prior.length - 1]!;
      out.evidence.push({
        label: 'Recent identity / network breaches of this user',
        value: prior.map((b) => `${b.model} (score ${b.score}, ${ago(e.time - b.time)} before)`).join('; '),
        baseline: `${prior.length} in the ${ago(opts.breachWindowMs)} before the prompt; latest ${last.id}`,
      });
    }
    const offRole = areasOutsideRole(e, ctx.baseline, person);
    if (offRole !== undefined) {
      out.factor *= opts.roleFactor;
      out.evidence.push(offRole);
    }
  }
  if (e.actorType === 'agent' && e.onBehalfOf !== undefined) {
    const unlike = agentUnlikePerson(e, ctx.baseline, e.onBehalfOf);
    if (unlike !== undefined) {
      out.factor *= opts.onBehalfFactor;
      out.evidence.push(unlike);
    }
  }
  if (opts.burst !== undefined && person !== undefined && out.priorBreaches.length > 0) {
    // After an unusual login the one prompting may not be the person: no excuse applies.
    out.evidence.push({
      label: 'No lower score for context',
      value: 'manager messages and team patterns are not taken as an explanation after identity breaches of this user',
    });
  } else if (opts.burst !== undefined && person !== undefined) {
    const b = opts.burst;
    const assignment = managerAssignment(e, ctx.baseline, person, b.managerWindowMs, b.maxAssignRecipients);
    if (assignment?.assigns === true) out.factor *= b.managerFactor;
    if (assignment !== undefined) out.evidence.push(assignment.evidence);
    const bursting = burstingTeammates(ctx.baseline, person, e.time);
    if (bursting.length >= b.teamMinBursting) {
      out.factor *= b.teamFactor;
      out.evidence.push({
        label: "Reason for a lower score: the team's pattern",
        value: `${bursting.length} teammates are prompting well above their usual at the same time: ${bursting.join(', ')}`,
        baseline: 'teammates under the same manager bursting together looks like a shared project',
      });
    }
  }
  return out;
}

/**
 * The manager's message that assigned this work, or, when the manager wrote but nothing they
 * wrote assigns it, the latest such message and why it was not taken as a reason.
 */
function managerAssignment(
  e: AiPromptEvent,
  baseline: BaselineView,
  person: string,
  windowMs: number,
  maxRecipients: number,
): { assigns: boolean; evidence: Evidence } | undefined {
  const messages = baseline.ai.org.managerMessages(person, e.time - windowMs, e.time);
  if (messages.length === 0) return undefined;
  const said = (m: ManagerMessage) =>
    `${m.from} (${m.role}) wrote "${m.subject ?? '(no subject)'}" ${ago(e.time - m.time)} before`;
  for (const m of messages) {
    const j = judgeAssignment(m, e, maxRecipients);
    if (j.assigns)
      return {
        assigns: true,
        evidence: {
          label: 'Reason for a lower score: their manager assigned the work',
          value: said(m),
          baseline: `${j.why}; within ${ago(windowMs)} before the burst`,
        },
      };
  }
  const latest = messages[0]!;
  return {
    assigns: false,
    evidence: {
      label: 'Manager message not taken as a reason',
      value: said(latest),
      baseline: judgeAssignment(latest, e, maxRecipients).why,
    },
  };
}

/**
 * Resource areas of the prompt that neither the person nor anyone in their department has touched
 * through AI in the learning window, when the department is large enough to have a norm.
 */
export function areasOutsideRole(
  e: AiPromptEvent,
  baseline: BaselineView,
  person: string,
  minPeers = 3,
): Evidence | undefined {
  if (e.resources === undefined || e.resources.length === 0) return undefined;
  const ai = baseline.ai;
  const dept = ai.org.entry(person)?.department;
  if (dept === undefined) return undefined;
  const peers = ai.org.departmentPeers(person);
  if (peers.length < minPeers) return undefined;
  const own = ai.actor(person);
  const odd: string[] = [];
  for (const r of e.resources) {
    const area = resourceArea(r);
    if (odd.includes(area) || own?.areas.has(area)) continue;
    if (ai.departmentAreaPrevalence(dept, area, e.time).touchers === 0) odd.push(area);
  }
  if (odd.length === 0) return undefined;
  const elsewhere = odd.map((a) => `${a}: ${ai.areaPrevalence(a, e.time).touchers} actors org-wide`).join('; ');
  return {
    label: 'Resources unusual for the role',
    value: odd.join(', '),
    baseline: `0 of ${peers.length + 1} people in ${dept} touched ${odd.length === 1 ? 'it' : 'them'} through AI in the window (${elsewhere})`,
  };
}

/**
 * Topics of the prompt (prompt-topics.ts) that neither the person nor anyone in their department
 * has raised through AI in the learning window, with how many actors raised them org-wide: a
 * salesperson asking about credentials where no salesperson ever does.
 */
export function topicsOutsideRole(
  e: AiPromptEvent,
  baseline: BaselineView,
  person: string,
  minPeers = 3,
): Evidence | undefined {
  const topics = promptTopics(e.findings);
  if (topics.length === 0) return undefined;
  const ai = baseline.ai;
  const dept = ai.org.entry(person)?.department;
  if (dept === undefined) return undefined;
  const peers = ai.org.departmentPeers(person);
  if (peers.length < minPeers) return undefined;
  const own = ai.actor(person);
  const odd = topics.filter((t) => !own?.topics.has(t) && ai.departmentTopicPrevalence(dept, t, e.time).touchers === 0);
  if (odd.length === 0) return undefined;
  const elsewhere = odd.map((t) => `${t}: ${ai.topicPrevalence(t, e.time).touchers} actors org-wide`).join('; ');
  return {
    label: 'Topics unusual for the role',
    value: odd.join(', '),
    baseline: `0 of ${peers.length + 1} people in ${dept} raised ${odd.length === 1 ? 'it' : 'them'} through AI in the window (${elsewhere})`,
  };
}

/** Topics of an agent's prompt it never raised before. */
export function topicsNewForAgent(e: AiPromptEvent, baseline: BaselineView): Evidence | undefined {
  const p = baseline.ai.actor(e.actor);
  if (p === undefined) return undefined;
  const fresh = promptTopics(e.findings).filter((t) => !p.topics.has(t));
  if (fresh.length === 0) return undefined;
  return {
    label: 'Topics the agent never raised',
    value: fresh.join(', '),
    baseline: `${p.prompts} earlier prompts raised ${p.topics.size} topics${p.topics.size > 0 ? ` (${[...p.topics.keys()].slice(0, 6).join(', ')})` : ''}`,
  };
}

/** Tools or resource areas an agent uses for a person that the person never uses themselves. */
function agentUnlikePerson(e: AiPromptEvent, baseline: BaselineView, person: string): Evidence | undefined {
  const p = baseline.ai.actor(person);
  if (p === undefined || p.prompts < 10) return undefined;
  const tools = (e.tools ?? []).filter((t) => !p.tools.has(t.toLowerCase()));
  const areas: string[] = [];
  for (const r of e.resources ?? []) {
    const a = resourceArea(r);
    if (!p.areas.has(a) && !areas.includes(a)) areas.push(a);
  }
  if (tools.length === 0 && areas.length === 0) return undefined;
  return {
    label: `Acting for ${person} in ways ${person} never does`,
    value: [...tools.map((t) => `tool ${t}`), ...areas.map((a) => `resource ${a}`)].join(', '),
    baseline: `${person}'s own ${p.prompts} prompts used ${p.tools.size} tools and ${p.areas.size} resource areas, none of these`,
  };
}

/** Teammates (same manager) whose last hour is at least three times their usual busiest hour. */
export function burstingTeammates(baseline: BaselineView, person: string, now: number): string[] {
  const ai = baseline.ai;
  const out: string[] = [];
  for (const mate of ai.org.teammates(person)) {
    const p = ai.actor(mate);
    if (p === undefined) continue;
    const n = promptsInLastHour(p, now);
    const usual = usualHourlyPeak(p, now, baseline.prevalence.windowMs).p95;
    if (n >= 6 && n >= 3 * Math.max(1, usual)) out.push(mate);
  }
  return out;
}

/** Whether an actor has enough history to judge newness against. */
export function establishedFor(baseline: BaselineView, actor: string, now: number, minDays: number): boolean {
  const p = baseline.ai.actor(actor);
  if (p === undefined) return false;
  return (
    now - p.firstSeen >= minDays * 86_400_000 &&
    activeDays(p, now, baseline.prevalence.windowMs) >= Math.min(3, minDays)
  );
}

export function aiAppRef(e: AiPromptEvent): EntityRef[] {
  return e.app !== undefined ? [{ kind: 'ai-app', id: e.app }] : [];
}

/** "3 h", "25 min", "2 d": a duration in words for evidence. */
export function ago(ms: number): string {
  if (ms >= 2 * 86_400_000) return `${Math.round(ms / 86_400_000)} d`;
  if (ms >= 2 * HOUR_MS) return `${Math.round(ms / HOUR_MS)} h`;
  return `${Math.max(0, Math.round(ms / 60_000))} min`;
}
