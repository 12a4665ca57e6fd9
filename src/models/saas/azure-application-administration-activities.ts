import { saasSource } from '../../baseline/identity/index.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { isRentedNetwork, learningEvidence, recentlyBreached } from './signals.js';

const APP_ADMIN = ['add_application', 'update_application', 'credentials_added'] as const;

/**
 * Registering applications and adding secrets or certificates to them is how an intruder builds
 * persistent, password-independent access. Raised when the user has little or no history of
 * such administration.
 */
export default defineModel({
  meta: {
    name: SAAS.azureAppAdmin,
    description:
      'Application registration, update or credential addition by a user with little history of application administration.',
    category: 'saas',
    mitre: ['T1098.001'],
    severity: 50,
    reads: ['saas.admin'],
    thresholds: { habitualOps: 3, dedupeHours: 6 },
    falsePositives: ['A developer rotating the secret of their own application for the first time'],
  },
  evaluate(e, ctx) {
    if (!(APP_ADMIN as readonly string[]).includes(e.action) || e.user === '') return NO_BREACH;
    const { params } = ctx;
    const id = ctx.baseline.identity;
    const before = id.adminCount(e.user, APP_ADMIN);
    if (before >= params.habitualOps) return NO_BREACH;
    if (recentlyBreached(ctx, e.entity, SAAS.azureAppAdmin, e.time - params.dedupeHours * 3_600_000)) return NO_BREACH;
    const src = saasSource(e);
    const app = e.targetApp?.name ?? e.targetApp?.id ?? 'unknown application';
    return [
      {
        score:
          45 +
          (e.action === 'credentials_added' ? 15 : 0) +
          (isRentedNetwork(src.networkClass) ? 15 : 0) +
          (before === 0 ? 10 : 0),
        entity: e.entity,
        related: [{ kind: 'app', id: e.targetApp?.id ?? app }],
        summary: `${e.user} performed "${e.operation.trim()}" on ${app}, with ${before} earlier application administration operation(s)`,
        evidence: [
          { label: 'Operation', value: e.operation.trim() },
          { label: 'Application', value: app },
          {
            label: 'Earlier application administration',
            value: before,
            baseline: `habitual at ${params.habitualOps} operations`,
          },
          ...(src.ip
            ? [
                {
                  label: 'Source',
                  value: `${src.ip} ${src.country ?? ''} AS${src.asn ?? '?'} ${src.networkClass ?? ''}`.trim(),
                },
              ]
            : []),
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
