import { modelDomain } from '../../analyst/narrative.js';
import { defineRule, HOUR, relatedEndpoints } from '../rule.js';

/** One strong network breach on a device: cut its connections to the endpoints the breach is about. */
export default defineRule({
  meta: {
    name: 'Response / Network / Significant Anomaly from Client Block',
    description:
      'Blocks connections from a device to the external endpoints of a single network breach strong enough to act on alone.',
    category: 'response',
    mitre: [],
    severity: 0,
    reads: [],
    actions: ['block_connections'],
    mode: 'autonomous',
    durationMs: HOUR,
    thresholds: { minScore: 85 },
    falsePositives: [
      'A new, legitimate service contacted by a device for the first time in a way that looks like an attack',
    ],
  },
  onBreach(breach, ctx) {
    if (breach.entity.kind !== 'device' || modelDomain(breach.model) !== 'network') return [];
    if (breach.score < ctx.params.minScore) return [];
    const endpoints = relatedEndpoints(breach.related);
    if (endpoints.length === 0) return [];
    return [
      {
        action: 'block_connections',
        target: breach.entity,
        scope: { endpoints },
        reason: [breach.id],
        time: breach.time,
        why: `${breach.model} scored ${breach.score} (at least ${ctx.params.minScore})`,
      },
    ];
  },
});
