import { modelDomain } from '../../analyst/narrative.js';
import { defineRule, HOUR, relatedEndpoints } from '../rule.js';

/**
 * One strong network breach on a device: cut its connections to the endpoints the breach is about.
 * A breach about no external endpoint (a scan of the internal network) has nothing to block, so
 * the device is held to its pattern of life instead: what it usually reaches stays open, the new
 * targets are cut. That reaches further, so by default it waits for a person to confirm it.
 */
export default defineRule({
  meta: {
    name: 'Response / Network / Significant Anomaly from Client Block',
    description:
      'Blocks connections from a device to the external endpoints of a single network breach strong enough to act on alone; when the breach names none (an internal scan), asks to hold the device to its pattern of life.',
    category: 'response',
    mitre: [],
    severity: 0,
    reads: [],
    actions: ['block_connections', 'enforce_pattern_of_life'],
    mode: 'autonomous',
    modeOf: { enforce_pattern_of_life: 'human_confirmation' },
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
    const why = `${breach.model} scored ${breach.score} (at least ${ctx.params.minScore})`;
    if (endpoints.length === 0) {
      return [
        {
          action: 'enforce_pattern_of_life',
          target: breach.entity,
          reason: [breach.id],
          time: breach.time,
          why: `${why}, about no external endpoint`,
        },
      ];
    }
    return [
      {
        action: 'block_connections',
        target: breach.entity,
        scope: { endpoints },
        reason: [breach.id],
        time: breach.time,
        why,
      },
    ];
  },
});
