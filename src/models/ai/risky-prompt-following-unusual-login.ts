import { resourceArea } from '../../baseline/ai/resource-area.js';
import type { AiPromptEvent } from '../../events/event.js';
import type { Breach, BreachDraft } from '../breach.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from '../saas/names.js';
import { ago, aiAppRef, personOf } from './prompt-context.js';

const NAME = 'AI / Compromise / Risky Prompt Following Unusual Login';

/** SaaS models whose breach means "this account's sign-in was unusual or suspicious". */
export const UNUSUAL_LOGIN_MODELS: readonly string[] = [
  SAAS.unusualSource,
  SAAS.suspiciousLoginAttempt,
  SAAS.rareAfterSuspicious,
  SAAS.unusualLocationEmail,
  SAAS.loginAfterOauth,
  SAAS.impossibleTravel,
];

/**
 * The account that just signed in in an unusual way now asks an AI assistant for something risky
 * (secrets, personal data, policy topics, injection) or for data it never touched: the attacker
 * using the victim's AI tools to find what is worth stealing. Tied to the login breach by id.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A risky prompt, or one reaching data new to the person, shortly after an unusual or suspicious SaaS login.',
    category: 'ai',
    mitre: ['T1078.004', 'T1530', 'T1213'],
    severity: 75,
    reads: ['ai.prompt'],
    thresholds: {
      /** How long after the unusual login a prompt is judged in its light. */
      windowHours: 12,
      minConfidence: 0.5,
      /** Score floor: a risky prompt right after an unusual login is serious on its face. */
      baseScore: 70,
      /** Score added per kind of risk in the prompt (findings category, new data). */
      perRisk: 6,
    },
    falsePositives: ['A traveller signing in from a new place who then does unusual but legitimate work'],
  },
  evaluate(e: AiPromptEvent, ctx): readonly BreachDraft[] {
    const person = personOf(e);
    if (person === undefined) return NO_BREACH;
    const p = ctx.params;
    const since = e.time - p.windowHours * 3_600_000;
    const recent = ctx.recentBreaches({ kind: 'user', id: person }, since);
    let login: Breach | undefined;
    for (const b of recent) {
      if (b.time <= e.time && UNUSUAL_LOGIN_MODELS.includes(b.model) && (login === undefined || b.score >= login.score))
        login = b;
    }
    if (login === undefined) return NO_BREACH;
    // One report per unusual login: the first risky prompt after it.
    const loginTime = login.time;
    if (ctx.recentBreaches(e.entity, loginTime).some((b) => b.model === NAME)) return NO_BREACH;
    const risks: string[] = [];
    const categories = new Set<string>();
    for (const f of e.findings ?? []) if (f.confidence >= p.minConfidence) categories.add(f.category);
    for (const c of categories) risks.push(`detector: ${c}`);
    const own = ctx.baseline.ai.actor(person);
    const newAreas: string[] = [];
    for (const r of e.resources ?? []) {
      const a = resourceArea(r);
      if (!own?.areas.has(a) && !newAreas.includes(a)) newAreas.push(a);
    }
    if (newAreas.length > 0) risks.push(`data new to ${person}: ${newAreas.join(', ')}`);
    if (risks.length === 0) return NO_BREACH;
    const score = Math.max(p.baseScore, login.score) + p.perRisk * risks.length;
    return [
      {
        score,
        entity: e.entity,
        related: [...aiAppRef(e), ...(e.actorType === 'agent' ? [{ kind: 'user' as const, id: person }] : [])],
        summary: `${person} sent a risky prompt ${ago(e.time - login.time)} after ${login.model}`,
        evidence: [
          {
            label: 'Unusual login',
            value: `${login.model} (${login.id}, score ${login.score})`,
            baseline: login.summary,
          },
          {
            label: 'Time since the login breach',
            value: ago(e.time - login.time),
            baseline: `window ${p.windowHours} h`,
          },
          { label: 'What makes the prompt risky', value: risks.join('; ') },
          { label: 'AI application', value: e.app ?? 'unknown' },
        ],
      },
    ];
  },
});
