import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';

/**
 * One source trying a few passwords against many accounts, staying under per-account lockout:
 * failed sign-ins from one IP for many distinct users within the window. Raised when the count of
 * users reaches the threshold, and again each time it doubles, so every sprayed account is named
 * (as related entities, beside the source IP) while the spray goes on, without a breach per account.
 */
export default defineModel({
  meta: {
    name: SAAS.passwordSpray,
    description: 'Failed sign-ins from one IP address against many distinct users within the window.',
    category: 'saas',
    mitre: ['T1110.003'],
    severity: 70,
    reads: ['saas.login'],
    thresholds: { minUsers: 10, windowMinutes: 60 },
    falsePositives: ['A shared kiosk or NAT gateway after a password policy change'],
  },
  evaluate(e, ctx) {
    if (e.success || e.interrupted === true || e.ip === undefined || e.user === '' || e.ipContext?.internal === true)
      return NO_BREACH;
    const { params } = ctx;
    const users = ctx.baseline.identity.usersFailingFromIp(e.ip, e.time - params.windowMinutes * 60_000);
    if (users.has(e.user) || !isStep(users.size + 1, params.minUsers)) return NO_BREACH;
    users.add(e.user);
    const named = [...users].sort();
    const ctxIp = e.ipContext;
    return [
      {
        score:
          70 +
          (ctxIp?.networkClass === 'hosting' || ctxIp?.networkClass === 'vpn' || ctxIp?.networkClass === 'anonymiser'
            ? 15
            : 0),
        // The entity is only the account that crossed the threshold: every sprayed account is named.
        entity: e.entity,
        related: [{ kind: 'endpoint', id: e.ip }, ...named.map((u) => ({ kind: 'user' as const, id: u }))],
        summary: `${users.size} different users failed to sign in from ${e.ip} within ${params.windowMinutes} minutes${users.size > params.minUsers ? ` (doubled since raised at ${users.size / 2})` : ''}`,
        evidence: [
          {
            label: 'Source IP',
            value: `${e.ip}${ctxIp?.asn ? ` AS${ctxIp.asn} ${ctxIp.asOrg ?? ''}` : ''}${ctxIp?.networkClass ? ` [${ctxIp.networkClass}]` : ''}`,
          },
          {
            label: `Users failing from it in ${params.windowMinutes} minutes`,
            value: users.size,
            baseline: `threshold ${params.minUsers}`,
          },
          { label: 'Users', value: named.join(', ') },
          { label: 'Failure reason', value: e.failureReason ?? String(e.errorCode ?? 'unknown') },
        ],
      },
    ];
  },
});

/** Whether `n` users is where the spray is raised: the threshold, then each doubling of it. */
function isStep(n: number, minUsers: number): boolean {
  if (n < minUsers) return false;
  let step = minUsers;
  while (step < n) step *= 2;
  return step === n;
}
