import { modelDomain } from '../../analyst/narrative.js';
import { defineRule, HOUR } from '../rule.js';

/** Devices put under control by a tag get held to their pattern of life on any moderate network breach. */
export default defineRule({
  meta: {
    name: 'Response / Network / Controlled and Model Breach',
    description:
      'For devices tagged as controlled (servers, kiosks, OT), enforces their normal pattern of life on any network breach above a modest score.',
    category: 'response',
    mitre: [],
    severity: 0,
    reads: [],
    actions: ['enforce_pattern_of_life'],
    mode: 'autonomous',
    durationMs: 2 * HOUR,
    thresholds: { minScore: 40 },
    tags: ['controlled'],
    falsePositives: [
      'A planned change on a controlled device (new update server, new integration) not yet in its pattern of life',
    ],
  },
  onBreach(breach, ctx) {
    if (breach.entity.kind !== 'device' || modelDomain(breach.model) !== 'network') return [];
    if (breach.score < ctx.params.minScore) return [];
    const tags = ctx.tagsOf(breach.entity).map((t) => t.toLowerCase());
    const tag = ctx.tags.find((t) => tags.includes(t.toLowerCase()));
    if (tag === undefined) return [];
    // The breach's endpoints may already sit in the device's pattern of life (the model learned
    // them while detecting); the action must not allow what it answers.
    const deny = breach.related.filter((r) => r.kind === 'endpoint').map((r) => r.id);
    return [
      {
        action: 'enforce_pattern_of_life',
        target: breach.entity,
        ...(deny.length > 0 ? { scope: { deny } } : {}),
        reason: [breach.id],
        time: breach.time,
        why: `device tagged "${tag}" breached ${breach.model} with score ${breach.score}`,
      },
    ];
  },
});
