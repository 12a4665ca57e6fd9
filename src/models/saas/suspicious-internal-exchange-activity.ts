import { recipientSplit } from '../../baseline/identity/index.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { learningEvidence } from './signals.js';

/**
 * Inside-the-tenant mailbox abuse: reading far more mail in a day than the user ever does (bulk
 * collection through Graph or EWS), or mailing far more colleagues than usual (internal
 * phishing from a trusted sender). Colleagues mailed are known from message trace rows (or mail
 * events that carry recipient counts); unified audit log Send records name no recipients, so a
 * surge of them is judged by messages sent in Possible Outbound Email Spam. Raised once a day
 * per kind, when the day crosses the line.
 */
export default defineModel({
  meta: {
    name: SAAS.internalExchange,
    description:
      "Mail items accessed, or internal recipients mailed, in one day far above the user's busiest earlier day.",
    category: 'saas',
    mitre: ['T1114.002', 'T1534'],
    severity: 55,
    reads: ['saas.mail', 'org.message'],
    thresholds: { minItems: 1000, minInternal: 150, factor: 5, minHistoryDays: 5 },
    falsePositives: ['A mailbox migration or search by a new mail client', 'An all-staff announcement'],
  },
  evaluate(e, ctx) {
    const user = e.kind === 'org.message' ? e.from : e.user;
    if (user === '') return NO_BREACH;
    const reading = e.kind === 'saas.mail' && e.operation.toLowerCase() === 'mailitemsaccessed';
    const added = reading
      ? (e.itemCount ?? 1)
      : e.kind === 'org.message'
        ? recipientSplit(e.from, e.to).internal
        : (e.recipientsInternal ?? 0);
    if (added === 0) return NO_BREACH;
    const ip = e.kind === 'saas.mail' ? e.ip : undefined;
    const id = ctx.baseline.identity;
    const { params } = ctx;
    const hist = id.mailHistory(user, e.time);
    if (hist.days < params.minHistoryDays) return NO_BREACH;
    const today = id.mailToday(user, e.time);
    const before = reading ? (today?.itemsAccessed ?? 0) : (today?.internal ?? 0);
    const usual = reading ? hist.maxItemsAccessed : hist.maxInternal;
    const limit = Math.max(reading ? params.minItems : params.minInternal, params.factor * usual);
    const now = before + added;
    if (now < limit || before >= limit) return NO_BREACH;
    const what = reading ? 'mail items accessed' : 'internal recipients mailed';
    return [
      {
        score: 50 + Math.min(35, Math.round(Math.log10(Math.max(1, now / Math.max(1, usual))) * 20)),
        entity: { kind: 'user', id: user },
        related: ip ? [{ kind: 'endpoint', id: ip }] : [],
        summary: `${user}: ${now} ${what} today, against at most ${usual} on any earlier day`,
        evidence: [
          {
            label: `${what[0]!.toUpperCase()}${what.slice(1)} today`,
            value: now,
            baseline: `busiest earlier day ${usual} in ${hist.days} days; limit ${limit}`,
          },
          ...(ip ? [{ label: 'Source IP', value: ip }] : []),
          learningEvidence(id, user, e.time),
        ],
      },
    ];
  },
});
