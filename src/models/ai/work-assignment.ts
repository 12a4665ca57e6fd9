import type { ManagerMessage } from '../../baseline/ai/org-context.js';
import type { AiPromptEvent } from '../../events/event.js';

/**
 * Whether a manager's message plausibly assigned the work behind a burst of prompting. Managers
 * write all the time (weekly notes, announcements to the whole team), so a message counts only
 * when it went to this person alone or to a small group including them, and either asks for work
 * in its subject (urgent, due tomorrow, please draft ...) or names what the prompts are about (the
 * subject's words in the prompt or its resources). Both sides are stated for the evidence.
 */
export interface AssignmentJudgement {
  assigns: boolean;
  /** Why, in words: whom it went to, the cues in the subject, what it shares with the prompt. */
  why: string;
}

/** Subject words that ask someone to do something, soon. */
const ASKS_FOR_WORK =
  /\b(urgent|asap|priority|deadline|due|today|tonight|tomorrow|eod|cob|action (?:required|needed)|please|can you|could you|need you|assign\w*|task\w*|help (?:with|on)|request\w*|draft|prepare|review|finish|complete|deliver\w*|take (?:over|this))\b/gi;
/** Subject words of routine mail, named when a message is turned down. */
const ROUTINE =
  /\b(weekly|monthly|newsletter|fyi|digest|recap|minutes|notes|announcement|all[- ]hands|reminder|out of office)\b/i;
/** Words too common to tie a subject to a prompt. */
const COMMON = new Set([
  'the',
  'and',
  'for',
  'with',
  'from',
  'this',
  'that',
  'your',
  'you',
  'our',
  'all',
  'are',
  'was',
  'will',
  'have',
  'has',
  'not',
  'but',
  'can',
  'could',
  'please',
  'today',
  'tomorrow',
  'urgent',
  'due',
  'asap',
  'notes',
  'update',
  'team',
  'weekly',
  'meeting',
  'sync',
  'docx',
  'xlsx',
  'pptx',
  'pdf',
  'sites',
  'sharepoint',
  'onedrive',
  'http',
  'https',
  'www',
  'com',
]);
const WORD = /[\p{L}\p{N}]{3,}/gu;

export function judgeAssignment(m: ManagerMessage, e: AiPromptEvent, maxRecipients: number): AssignmentJudgement {
  const subject = m.subject ?? '';
  const audience = m.recipients <= 1 ? 'to them alone' : `to ${m.recipients} people including them`;
  if (m.recipients > maxRecipients)
    return { assigns: false, why: `a broadcast ${audience} (more than ${maxRecipients}), not an assignment` };
  const cues = [...new Set([...subject.matchAll(ASKS_FOR_WORK)].map((x) => x[0].toLowerCase()))];
  const shared = sharedWords(subject, e);
  if (cues.length === 0 && shared.length === 0) {
    const routine = ROUTINE.exec(subject);
    return {
      assigns: false,
      why: `${audience}, but ${routine ? `routine mail ("${routine[0]}")` : 'the subject asks for nothing'} and names nothing the prompt is about`,
    };
  }
  const parts = [audience];
  if (cues.length > 0) parts.push(`the subject asks for work (${cues.map((c) => `"${c}"`).join(', ')})`);
  if (shared.length > 0)
    parts.push(`the prompt or its resources name ${shared.map((w) => `"${w}"`).join(', ')} from it`);
  return { assigns: true, why: parts.join('; ') };
}

/** Distinctive subject words that also appear in the prompt text or its resource names. */
function sharedWords(subject: string, e: AiPromptEvent): string[] {
  const words = new Set<string>();
  for (const m of subject.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (!COMMON.has(w) && !/^\d+$/.test(w)) words.add(w);
  }
  if (words.size === 0) return [];
  const seen = new Set<string>();
  const scan = (text: string) => {
    for (const m of text.matchAll(WORD)) {
      const w = m[0].toLowerCase();
      if (words.has(w)) seen.add(w);
    }
  };
  scan(e.prompt);
  for (const r of e.resources ?? []) scan(r);
  return [...seen];
}
