import { resourceArea } from '../../baseline/ai/resource-area.js';
import type { AiPromptEvent } from '../../events/event.js';
import type { BreachDraft, Evidence } from '../breach.js';
import { defineModel, NO_BREACH } from '../model.js';
import {
  aiAppRef,
  areasOutsideRole,
  establishedFor,
  promptContext,
  topicsNewForAgent,
  topicsOutsideRole,
} from './prompt-context.js';

/**
 * AI use outside what the actor's role does. For a person: resource areas that nobody in their
 * department touches through AI (finance files asked for by someone in sales). For an agent:
 * tools it never called, on data it never touched: an agent that was given, or took, a new job.
 * What the prompt is about weighs in: topics that nobody in the department (or, for an agent, the
 * agent itself) ever raised make the same reach more worrying, and are named in the evidence.
 */
export default defineModel({
  meta: {
    name: 'AI / Usage / Prompt Activity Outside Role',
    description:
      "Prompts touching resources unusual for the person's department, or an agent calling new tools on new data.",
    category: 'ai',
    mitre: ['T1530', 'T1213'],
    severity: 50,
    reads: ['ai.prompt'],
    thresholds: {
      minHistoryDays: 7,
      /** People the department needs (besides the actor) before it has a norm. */
      minPeers: 3,
      /** Agents need this many prompts before "new for the agent" means anything. */
      minAgentPrompts: 20,
      breachWindowHours: 24,
      breachFactor: 1.5,
      onBehalfFactor: 1.3,
      /** Raise when the prompt's topics are new for the department (or the agent). */
      topicFactor: 1.2,
      managerWindowHours: 8,
      managerFactor: 0.4,
      /** A manager's message to more people than this is a broadcast, not an assignment. */
      maxAssignRecipients: 5,
      teamFactor: 0.6,
      teamMinBursting: 2,
    },
    falsePositives: [
      'Cross-team projects (lowered when the manager asked for the work)',
      'People who changed role before the directory did',
    ],
  },
  evaluate(e: AiPromptEvent, ctx): readonly BreachDraft[] {
    if (e.resources === undefined && e.tools === undefined) return NO_BREACH;
    const p = ctx.params;
    if (!establishedFor(ctx.baseline, e.actor, e.time, p.minHistoryDays)) return NO_BREACH;
    let base: number;
    let what: string;
    const found: Evidence[] = [];
    if (e.actorType === 'human') {
      const off = areasOutsideRole(e, ctx.baseline, e.actor, p.minPeers);
      if (off === undefined) return NO_BREACH;
      found.push(off);
      base = 50;
      what = `touched ${off.value}, unusual for their department`;
      const topics = topicsOutsideRole(e, ctx.baseline, e.actor, p.minPeers);
      if (topics !== undefined) {
        found.push(topics);
        base *= p.topicFactor;
        what += `, about ${topics.value}`;
      }
    } else {
      const profile = ctx.baseline.ai.actor(e.actor)!;
      if (profile.prompts < p.minAgentPrompts) return NO_BREACH;
      const newTools = (e.tools ?? []).filter((t) => !profile.tools.has(t.toLowerCase()));
      const newAreas: string[] = [];
      for (const r of e.resources ?? []) {
        const a = resourceArea(r);
        if (!profile.areas.has(a) && !newAreas.includes(a)) newAreas.push(a);
      }
      if (newTools.length === 0 && newAreas.length === 0) return NO_BREACH;
      const known = `${profile.prompts} earlier prompts used ${profile.tools.size} tools (${[...profile.tools.keys()].slice(0, 8).join(', ')}) on ${profile.areas.size} resource areas`;
      if (newTools.length > 0)
        found.push({ label: 'Tools the agent never called', value: newTools.join(', '), baseline: known });
      if (newAreas.length > 0)
        found.push({ label: 'Data the agent never touched', value: newAreas.join(', '), baseline: known });
      base = 35 + (newTools.length > 0 ? 15 : 0) + (newAreas.length > 0 ? 15 : 0);
      const topics = topicsNewForAgent(e, ctx.baseline);
      if (topics !== undefined) {
        found.push(topics);
        base *= p.topicFactor;
      }
      what = `called ${newTools.length > 0 ? `new tools (${newTools.join(', ')})` : 'its usual tools'} on ${
        newAreas.length > 0 ? `new data (${newAreas.join(', ')})` : 'its usual data'
      }`;
    }
    const context = promptContext(e, ctx, {
      breachWindowMs: p.breachWindowHours * 3_600_000,
      breachFactor: p.breachFactor,
      // The role is this model's own signal: not counted twice.
      roleFactor: 1,
      onBehalfFactor: p.onBehalfFactor,
      burst: {
        managerWindowMs: p.managerWindowHours * 3_600_000,
        managerFactor: p.managerFactor,
        maxAssignRecipients: p.maxAssignRecipients,
        teamFactor: p.teamFactor,
        teamMinBursting: p.teamMinBursting,
      },
    });
    const evidence = [...found, ...context.evidence.filter((x) => x.label !== 'Resources unusual for the role')];
    return [
      {
        score: base * context.factor,
        entity: e.entity,
        related: aiAppRef(e),
        summary: `${e.actor} ${what}`,
        evidence,
      },
    ];
  },
});
