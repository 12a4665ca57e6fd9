import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { latestBreachOf, recentlyBreached } from './signals.js';

const SUSPICIOUS_LOGINS = [SAAS.suspiciousLoginAttempt, SAAS.rareAfterSuspicious, SAAS.passwordSpray];
/** Attachment types used to carry phishing pages and script droppers past mail filters. */
const RISKY_ATTACHMENT = /\.(html?|shtml|xhtml|svg|js|vbs|hta|iso|img|lnk|one|zip)$/i;

/**
 * Suspicious sign-in attempts followed by suspicious outbound mail from the same user: a mail
 * surge, or mail to outside recipients carrying HTML/script attachments (phishing kits sent from
 * the hijacked mailbox).
 */
export default defineModel({
  meta: {
    name: SAAS.suspiciousLoginAndEmail,
    description:
      'Suspicious sign-in attempts followed by outbound mail surges or external mail with HTML/script attachments from the same user.',
    category: 'saas',
    mitre: ['T1110', 'T1566.001'],
    severity: 85,
    reads: ['saas.mail'],
    readsBreachesOf: [SAAS.outboundSpam],
    thresholds: { windowHours: 24 },
    falsePositives: ['A user who forgot their password, then emailed an HTML newsletter draft to an agency'],
  },
  evaluate(e, ctx) {
    // Audit Send records name no recipients: only a count known to be zero clears the message.
    if (e.recipientsExternal === 0 || e.attachments === undefined) return NO_BREACH;
    const risky = e.attachments.filter((a) => RISKY_ATTACHMENT.test(a));
    if (risky.length === 0) return NO_BREACH;
    const since = e.time - ctx.params.windowHours * 3_600_000;
    const login = latestBreachOf(ctx, e.entity, SUSPICIOUS_LOGINS, since);
    if (login === undefined || recentlyBreached(ctx, e.entity, SAAS.suspiciousLoginAndEmail, since)) return NO_BREACH;
    return [
      {
        score: 85,
        entity: e.entity,
        summary: `${e.user} sent mail with ${risky.join(', ')} ${e.recipientsExternal === undefined ? '(recipients not in the audit record)' : `to ${e.recipientsExternal} external recipient(s)`} after ${login.summary}`,
        evidence: [
          { label: 'Suspicious sign-in', value: login.summary },
          { label: 'Risky attachments', value: risky.join(', ') },
          { label: 'External recipients', value: e.recipientsExternal ?? 'unknown' },
        ],
      },
    ];
  },
  onBreach(b, ctx) {
    const since = b.time - ctx.params.windowHours * 3_600_000;
    const login = latestBreachOf(ctx, b.entity, SUSPICIOUS_LOGINS, since);
    if (login === undefined || recentlyBreached(ctx, b.entity, SAAS.suspiciousLoginAndEmail, since)) return NO_BREACH;
    return [
      {
        score: Math.max(85, b.score),
        entity: b.entity,
        related: b.related,
        summary: `${b.entity.id}: ${login.summary}; then ${b.summary}`,
        evidence: [
          { label: 'Suspicious sign-in', value: login.summary },
          { label: 'Outbound mail', value: b.summary },
        ],
      },
    ];
  },
});
