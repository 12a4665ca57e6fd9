import { recipientSplit } from '../../baseline/identity/index.js';
import { dayOf } from '../../baseline/identity/keys.js';
import type { OrgMessageEvent, SaasMailEvent } from '../../events/event.js';
import type { Evidence } from '../breach.js';
import { defineModel, NO_BREACH } from '../model.js';
import { SAAS } from './names.js';
import { learningEvidence, recentlyBreached } from './signals.js';

const DAY = 86_400_000;

/** Recipient counts when the record carries them (message trace, or enriched mail events). */
function externalRecipients(e: SaasMailEvent | OrgMessageEvent): number | undefined {
  if (e.kind === 'org.message') return recipientSplit(e.from, e.to).external;
  if (e.recipientsExternal === undefined && e.recipientsInternal === undefined) return undefined;
  return e.recipientsExternal ?? 0;
}

/**
 * A mailbox suddenly mailing far more than it ever has in a day: a taken-over account used as a
 * spam or phishing relay. Where the record names the recipients (message trace) the measure is
 * outside recipients; unified audit log Send records carry no recipient list, so there the
 * measure is messages sent. Either is judged against the user's own busiest day, and messages
 * also against the department's usual busiest day, so a marketer's campaigns stay quiet. Raised
 * once a day, when the day crosses the line.
 */
export default defineModel({
  meta: {
    name: SAAS.outboundSpam,
    description:
      "A user's external recipients (or, without recipient lists, messages sent) in one day far above their own and their peers' busiest day in the learning window.",
    category: 'saas',
    mitre: ['T1566.001', 'T1586.002'],
    severity: 60,
    reads: ['saas.mail', 'org.message'],
    thresholds: { minExternal: 300, minMessages: 100, factor: 3, minHistoryDays: 5 },
    falsePositives: ['A first newsletter or event invitation sent from a personal mailbox'],
  },
  evaluate(e, ctx) {
    const user = e.kind === 'org.message' ? e.from : e.user;
    if (user === '' || (e.kind === 'saas.mail' && e.operation.toLowerCase() === 'mailitemsaccessed')) return NO_BREACH;
    const added = externalRecipients(e);
    if (added === 0) return NO_BREACH;
    const id = ctx.baseline.identity;
    const { params } = ctx;
    const hist = id.mailHistory(user, e.time);
    const today = id.mailToday(user, e.time);
    const entity = { kind: 'user' as const, id: user };
    const details: Evidence[] = [
      ...(e.subject ? [{ label: 'Subject', value: e.subject }] : []),
      ...(e.kind === 'saas.mail' && e.attachments?.length
        ? [{ label: 'Attachments', value: e.attachments.join(', ') }]
        : []),
      learningEvidence(id, user, e.time),
    ];
    const ip = e.kind === 'saas.mail' ? e.ip : undefined;
    const related = ip ? [{ kind: 'endpoint' as const, id: ip }] : [];
    // Message trace and audit records of the same mail can both arrive: one breach a day.
    const alreadyToday = () => recentlyBreached(ctx, entity, SAAS.outboundSpam, dayOf(e.time) * DAY);

    if (added !== undefined) {
      if (hist.days < params.minHistoryDays) return NO_BREACH;
      const before = today?.external ?? 0;
      const limit = Math.max(params.minExternal, params.factor * hist.maxExternal);
      const now = before + added;
      if (now < limit || before >= limit || alreadyToday()) return NO_BREACH;
      const ratio = hist.maxExternal > 0 ? now / hist.maxExternal : now;
      return [
        {
          score: 55 + Math.min(35, Math.round(Math.log10(Math.max(1, ratio)) * 20)),
          entity,
          related,
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
            ...details,
          ],
        },
      ];
    }

    const ownHistory = hist.days >= params.minHistoryDays;
    const peers = id.peersBusiestMessages(user, e.time, params.minHistoryDays);
    if (!ownHistory && peers.peers === 0) return NO_BREACH;
    const usual = ownHistory ? hist.maxMessages : 0;
    const limit = Math.max(params.minMessages, params.factor * usual, params.factor * peers.median);
    const before = today?.messages ?? 0;
    const now = before + 1;
    if (now < limit || before >= limit || alreadyToday()) return NO_BREACH;
    const ratio = now / Math.max(1, usual, peers.median);
    return [
      {
        score: 55 + Math.min(35, Math.round(Math.log10(Math.max(1, ratio)) * 20)),
        entity,
        related,
        summary: `${user} has sent ${now} messages today, against at most ${usual} on any day in ${hist.days} days (recipients not in the audit record)`,
        evidence: [
          {
            label: 'Messages sent today',
            value: now,
            baseline: `busiest earlier day ${usual} (${hist.days} days with mail); limit ${limit}`,
          },
          {
            label: 'Department peers',
            value: peers.peers > 0 ? `typical busiest day ${peers.median} messages` : 'no peers with mail history',
            baseline: `${peers.peers} peers with ${params.minHistoryDays}+ days of mail`,
          },
          ...details,
        ],
      },
    ];
  },
});
