import { saasSource } from '../../baseline/identity/index.js';
import { appKey, IDENTITY_PREVALENCE } from '../../baseline/identity/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { isRentedNetwork, learningEvidence, recentlyBreached } from './signals.js';

const GRANTS = new Set(['consent', 'delegated_permission_grant', 'app_role_grant']);
/** Permissions that let an application read or send a person's mail and files on its own. */
const RISKY_PERMISSION =
  /^(mail\.|mailboxsettings\.|files\.readwrite|sites\.(read|readwrite|fullcontrol)|full_access_as_app|ews\.|contacts\.read|user\.readwrite\.all|directory\.readwrite|application\.readwrite|imap\.|smtp\.send)/i;

/**
 * Consent phishing and attacker-registered mailers: permissions granted to an application that
 * almost nobody in the organisation uses, by someone who does not usually administer apps, or
 * with mailbox/file access. An admin consenting to an application many colleagues already use
 * stays quiet.
 */
export default defineModel({
  meta: {
    name: SAAS.oauthGrant,
    description:
      'OAuth consent or permission grant to an application rare in the organisation, by a non-admin or with mail/file permissions.',
    category: 'saas',
    mitre: ['T1528', 'T1098.003'],
    severity: 60,
    reads: ['saas.admin'],
    thresholds: { rareUsers: 2, habitualAdminOps: 3, dedupeMinutes: 60 },
    falsePositives: ['A team trying out a new productivity add-in'],
  },
  evaluate(e, ctx) {
    if (!GRANTS.has(e.action) || e.user === '') return NO_BREACH;
    const { params } = ctx;
    const id = ctx.baseline.identity;
    const app = e.targetApp?.name ?? e.targetApp?.id;
    const key = e.targetApp && appKey(e.targetApp);
    if (app === undefined || key === undefined) return NO_BREACH;
    const reading = id.orgPrevalence(IDENTITY_PREVALENCE.app, key, e.time);
    const self = id.prevalence.touchedBy(IDENTITY_PREVALENCE.app + key, e.user, e.time) ? 1 : 0;
    const others = reading.touchers - self;
    if (others > params.rareUsers) return NO_BREACH;
    const adminOps = id.adminCount(e.user, [
      'consent',
      'delegated_permission_grant',
      'app_role_grant',
      'add_service_principal',
      'update_application',
      'add_application',
      'credentials_added',
    ]);
    const habitualAdmin = adminOps >= params.habitualAdminOps;
    const risky = (e.permissions ?? []).filter((p) => RISKY_PERMISSION.test(p));
    if (habitualAdmin && risky.length === 0) return NO_BREACH;
    if (recentlyBreached(ctx, e.entity, SAAS.oauthGrant, e.time - params.dedupeMinutes * 60_000)) return NO_BREACH;
    const src = saasSource(e);
    const resource = e.resourceApp?.name ?? e.resourceApp?.id;
    return [
      {
        score:
          55 +
          (habitualAdmin ? 0 : 15) +
          (risky.length > 0 ? 15 : 0) +
          (isRentedNetwork(src.networkClass) ? 10 : 0) +
          (e.adminConsent === true ? 5 : 0),
        entity: e.entity,
        related: [
          { kind: 'app', id: e.targetApp?.id ?? app },
          ...(src.ip ? [{ kind: 'endpoint' as const, id: src.ip }] : []),
        ],
        summary: `${e.user} granted ${risky.length > 0 ? `${risky.join(', ')} ` : ''}permissions${resource !== undefined ? ` on ${resource}` : ''} to "${app}", an application ${others === 0 ? 'no one else' : `only ${others} other user(s)`} in the organisation uses`,
        evidence: [
          {
            label: 'Application',
            value: app,
            baseline: `${others} of ${id.userCount} other users used or granted it in the window`,
          },
          { label: 'Operation', value: e.operation },
          ...(resource !== undefined ? [{ label: 'Granted on (resource API)', value: resource }] : []),
          ...(e.adminConsent !== undefined
            ? [
                {
                  label: 'Consent scope',
                  value: e.adminConsent ? 'every user in the organisation (admin consent)' : 'the consenting user only',
                },
              ]
            : []),
          {
            label: 'Permissions',
            value: (e.permissions ?? []).join(' ') || 'not recorded',
            baseline: risky.length > 0 ? 'includes mailbox/file access' : 'no mailbox/file access',
          },
          {
            label: 'Actor admin history',
            value: adminOps,
            baseline: `app administration operations by this user before (habitual at ${params.habitualAdminOps})`,
          },
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
