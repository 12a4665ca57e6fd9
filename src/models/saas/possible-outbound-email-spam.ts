import { recipientSplit } from '../../baseline/identity/index.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { learningEvidence } from './signals.js';

/**
 * A mailbox suddenly mailing far more outside recipients in a day than it ever has: a taken-over
 * account used as a spam or phishing relay. Measured against the user's own busiest day, so a
 * marketer's usual campaigns stay quiet. Raised once, when the day crosses the line.
 */
export default defineModel({
  meta: {
    name: SAAS.outboundSpam,
    description: "A user's external recipients in one day far above their own busiest day in the learning window.",
    category: 'saas',
    mitre: ['T1566.001', 'T1586.002'],
    severity: 60,
    reads: ['saas.mail', 'org.message'],
    thresholds: { minExternal: 300, factor: 3, minHistoryDays: 5 },
    falsePositives: ['A first newsletter or event invitation sent from a personal mailbox'],
  },
  evaluate(e, ctx) {
    // Unified audit Send records, or message trace rows (which name the recipients).
    const user = e.kind === 'org.message' ? e.from : e.user;
    const added = e.kind === 'org.message' ? recipientSplit(e.from, e.to).external : (e.recipientsExternal ?? 0);
    if (added === 0 || user === '' || (e.kind === 'saas.mail' && e.operation.toLowerCase() === 'mailitemsaccessed'))
      return NO_BREACH;
    const id = ctx.baseline.identity;
    const { params } = ctx;
    const hist = id.mailHistory(user, e.time);
    if (hist.days < params.minHistoryDays) return NO_BREACH;
    const today = id.mailToday(user, e.time);
    const before = today?.external ?? 0;
    const limit = Math.max(params.minExternal, params.factor * hist.maxExternal);
    const now = before + added;
    if (now < limit || before >= limit) return NO_BREACH;
    const ratio = hist.maxExternal > 0 ? now / hist.maxExternal : now;
    return [
      {
        score: 55 + Math.min(35, Math.round(Math.log10(Math.max(1, ratio)) * 20)),
        entity: { kind: 'user', id: user },
        summary: `${user} has mailed ${now} external recipients today, against at most ${hist.maxExternal} on any day in ${hist.days} days`,
        evidence: [
          {
            label: 'External recipients today',
            value: now,
            baseline: `busiest earlier day ${hist.maxExternal} (${hist.days} days with mail); limit ${limit}`,
          },
          {
            label: 'Messages today',
            value: (today?.messages ?? 0) + 1,
            baseline: `busiest earlier day ${hist.maxMessages}`,
          },
          ...(e.subject ? [{ label: 'Subject', value: e.subject }] : []),
          ...(e.kind === 'saas.mail' && e.attachments?.length
            ? [{ label: 'Attachments', value: e.attachments.join(', ') }]
            : []),
          learningEvidence(id, user, e.time),
        ],
      },
    ];
  },
});
