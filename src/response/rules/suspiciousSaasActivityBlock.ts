import { modelDomain } from '../../analyst/narrative.js';
import type { Proposal } from '../rule.js';
import { defineRule, HOUR } from '../rule.js';

/** Models whose breach means an OAuth application is being abused to hold on to an account. */
const OAUTH_MODELS = [
  'SaaS / Compromise / Unusual Login Following OAuth Grant',
  'SaaS / Admin / OAuth Permission Grant',
];

/**
 * A compromised SaaS account: sign the attacker out (revoke sessions) at once; when the incident is
 * severe, ask to disable the account; when an OAuth app is the foothold, disable its service principal.
 */
export default defineRule({
  meta: {
    name: 'Response / SaaS / Suspicious SaaS Activity Block',
    description:
      'Revokes the sessions of an account with a SaaS compromise breach, disables the account when its incident is severe, and disables the service principal of an OAuth application used as a foothold.',
    category: 'response',
    mitre: [],
    severity: 0,
    reads: [],
    actions: ['force_logout', 'disable_user', 'disable_service_principal'],
    mode: 'autonomous',
    modeOf: { disable_user: 'human_confirmation', disable_service_principal: 'human_confirmation' },
    durationMs: HOUR,
    durationOf: { disable_user: 24 * HOUR, disable_service_principal: 24 * HOUR },
    thresholds: { minScore: 60, disableScore: 85, oauthScore: 70 },
    falsePositives: [
      'A traveller or a new VPN that makes a real user look like an intruder: revoking sessions only asks them to sign in again',
    ],
  },
  onBreach(breach, ctx) {
    if (modelDomain(breach.model) !== 'saas' || breach.entity.kind !== 'user') return [];
    const out: Proposal[] = [];
    if (breach.model.includes('/ Compromise /') && breach.score >= ctx.params.minScore) {
      out.push({
        action: 'force_logout',
        target: breach.entity,
        reason: [breach.id],
        time: breach.time,
        why: `${breach.model} scored ${breach.score} (at least ${ctx.params.minScore})`,
      });
    }
    if (OAUTH_MODELS.includes(breach.model) && breach.score >= ctx.params.oauthScore) {
      for (const app of breach.related.filter((r) => r.kind === 'app')) {
        out.push({
          action: 'disable_service_principal',
          target: app,
          scope: { appId: app.id, user: breach.entity.id },
          reason: [breach.id],
          time: breach.time,
          why: `${breach.model} on ${breach.entity.id} names application ${app.id}`,
        });
      }
    }
    return out;
  },
  onIncident(incident, ctx) {
    if (incident.score < ctx.params.disableScore) return [];
    const compromised = new Set(
      incident.timeline
        .filter((t) => t.entity.kind === 'user' && t.model.startsWith('SaaS / Compromise /'))
        .map((t) => t.entity.id),
    );
    return [...compromised].map((id) => ({
      action: 'disable_user' as const,
      target: { kind: 'user' as const, id },
      reason: [incident.id],
      time: incident.end,
      why: `incident ${incident.id} scoring ${incident.score} holds a SaaS compromise of ${id}`,
    }));
  },
});
