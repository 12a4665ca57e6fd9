import { modelDomain } from '../../analyst/narrative.js';
import { defineRule, MINUTE } from '../rule.js';

/** AI models whose breach is an attempt to misuse the assistant or leak through it. */
const RISKY_MODELS = [
  'AI / Prompt / Prompt Injection Attempt',
  'AI / Prompt / Jailbreak Attempt',
  'AI / Prompt / Credentials in Prompt',
  'AI / Compromise / Risky Prompt Following Unusual Login',
];

/** Hold further prompts of an identity at the AI gateway while a risky prompt is looked at. */
export default defineRule({
  meta: {
    name: 'Response / AI / Risky Prompt Hold',
    description:
      'Holds the prompts of a person or agent at the AI gateway after a prompt injection, jailbreak, credential leak or risky prompt after an unusual login, or any AI breach with a very high score.',
    category: 'response',
    mitre: [],
    severity: 0,
    reads: [],
    actions: ['hold_prompt'],
    mode: 'autonomous',
    durationMs: 30 * MINUTE,
    thresholds: { minScore: 60, anyModelScore: 90 },
    falsePositives: ['A security team member testing the assistant with attack prompts'],
  },
  onBreach(breach, ctx) {
    if (modelDomain(breach.model) !== 'ai') return [];
    if (breach.entity.kind !== 'user' && breach.entity.kind !== 'agent') return [];
    const risky = RISKY_MODELS.includes(breach.model) && breach.score >= ctx.params.minScore;
    if (!risky && breach.score < ctx.params.anyModelScore) return [];
    return [
      {
        action: 'hold_prompt',
        target: breach.entity,
        reason: [breach.id],
        time: breach.time,
        why: `${breach.model} scored ${breach.score}`,
      },
    ];
  },
});
