import { saasSource } from '../../baseline/identity/index.js';
import { appKey, IDENTITY_PREVALENCE } from '../../baseline/identity/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { isRentedNetwork, learningEvidence } from './signals.js';

const ADDS = new Set(['add_service_principal', 'add_application']);

/**
 * A service principal or application registration for an application the organisation has never
 * seen, created by someone who does not administer applications: consent phishing and
 * attacker-registered mailers leave exactly this trace.
 */
export default defineModel({
  meta: {
    name: SAAS.newServicePrincipal,
    description:
      'A new application service principal or registration, for an application unseen in the organisation, by a user who does not usually administer applications.',
    category: 'saas',
    mitre: ['T1098.001', 'T1136.003'],
    severity: 50,
    reads: ['saas.admin'],
    thresholds: { habitualAdminOps: 3 },
    falsePositives: ['A developer registering an application for a new internal project'],
  },
  evaluate(e, ctx) {
    if (!ADDS.has(e.action) || e.user === '') return NO_BREACH;
    const id = ctx.baseline.identity;
    const app = e.targetApp?.name ?? e.targetApp?.id;
    const key = e.targetApp && appKey(e.targetApp);
    if (app === undefined || key === undefined) return NO_BREACH;
    const seen = id.orgPrevalence(IDENTITY_PREVALENCE.app, key, e.time);
    if (seen.touchers > 0) return NO_BREACH;
    const adminOps = id.adminCount(e.user, [
      'add_service_principal',
      'add_application',
      'update_application',
      'credentials_added',
      'consent',
      'app_role_grant',
    ]);
    if (adminOps >= ctx.params.habitualAdminOps) return NO_BREACH;
    const src = saasSource(e);
    return [
      {
        score: 50 + (isRentedNetwork(src.networkClass) ? 15 : 0) + (adminOps === 0 ? 10 : 0),
        entity: e.entity,
        related: [{ kind: 'app', id: e.targetApp?.id ?? app }],
        summary: `${e.user} added "${app}" (${e.operation.replace(/\.$/, '')}), an application never seen in the organisation`,
        evidence: [
          {
            label: 'Application',
            value: app,
            baseline: `first time seen in the organisation (${id.userCount} users profiled)`,
          },
          {
            label: 'Actor admin history',
            value: adminOps,
            baseline: `application administration operations before (habitual at ${ctx.params.habitualAdminOps})`,
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
