import type { SaasMailboxRuleEvent } from '../../events/event.js';
import type { Evidence } from '../breach.js';
import { domainOf } from './signals.js';

/** Folders where moved mail goes unseen: attackers park replies and bounces there. */
const HIDING_FOLDERS =
  /^(rss( subscriptions?| feeds?)?|archive|conversation history|deleted items|junk( e-?mail)?|notes|sync issues|outbox)$/i;
const VOWEL = /[aeiouy]/i;
const LETTER = /\p{L}/u;

const ABBREVIATION = /^\p{Lu}{2,5}$/u;

/**
 * A rule name no person would choose to find it again: one character, no letters, a repeated
 * character, or a short lower-case string without vowels. Upper-case abbreviations ("HR", "VIP")
 * are names people do choose.
 */
export function meaninglessName(name: string | undefined): boolean {
  if (name === undefined) return false;
  const n = name.trim();
  if (ABBREVIATION.test(n)) return false;
  if (n.length <= 2) return true;
  if (!LETTER.test(n)) return true;
  if (/^(.)\1+$/.test(n)) return true;
  return n.length <= 5 && !VOWEL.test(n);
}

export function hidingFolder(folder: string | undefined): boolean {
  if (folder === undefined) return false;
  const f = folder.replace(/^[\\/]+/, '').trim();
  return HIDING_FOLDERS.test(f);
}

/** Forwarding or redirect targets outside the user's own mail domain. */
export function externalTargets(e: SaasMailboxRuleEvent): string[] {
  const own = domainOf(e.user);
  const out: string[] = [];
  for (const a of [...(e.actions.forwardTo ?? []), ...(e.actions.redirectTo ?? [])])
    if (domainOf(a) !== own) out.push(a);
  if (e.forwardingAddress && domainOf(e.forwardingAddress) !== own && !out.includes(e.forwardingAddress))
    out.push(e.forwardingAddress);
  return out;
}

/** The rule laid out for the analyst. */
export function ruleEvidence(e: SaasMailboxRuleEvent): Evidence[] {
  const a = e.actions;
  const actions: string[] = [];
  if (a.moveToFolder) actions.push(`move to "${a.moveToFolder}"`);
  if (a.delete) actions.push('delete');
  if (a.markAsRead) actions.push('mark as read');
  if (a.forwardTo?.length) actions.push(`forward to ${a.forwardTo.join(', ')}`);
  if (a.redirectTo?.length) actions.push(`redirect to ${a.redirectTo.join(', ')}`);
  if (a.stopProcessing) actions.push('stop processing rules');
  if (e.forwardingAddress) actions.push(`mailbox forwarding to ${e.forwardingAddress}`);
  const out: Evidence[] = [
    { label: 'Rule', value: e.ruleName ?? '(mailbox setting)' },
    { label: 'Actions', value: actions.join('; ') || 'none recorded' },
  ];
  if (e.conditions)
    out.push({
      label: 'Conditions',
      value: Object.entries(e.conditions)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
    });
  return out;
}
