import type { PromptFinding, PromptFindingCategory } from './finding.js';

/**
 * The structural signs of prompt injection and jailbreaks that do not need a model: orders to
 * drop earlier instructions, fake chat-template delimiters, persona frames that remove the
 * rules, encoded payloads and invisible characters. A sign quoted in a text about attacks ("what is
 * an 'ignore previous instructions' attack?") or reported as someone else's attempt is a discussion,
 * not an attempt, and is not reported.
 */

interface Sign {
  type: string;
  category: PromptFindingCategory;
  re: RegExp;
  confidence: number;
  detail: string;
}

const SIGNS: Sign[] = [
  {
    type: 'ignore_previous_instructions',
    category: 'prompt_injection',
    re: /\b(?:ignore|disregard|forget|override|bypass|skip|drop|abandon)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|former|original|initial|all|any|your|the|system|developer)\b[^.\n]{0,24}?\b(?:instructions?|prompts?|rules|directives?|guidelines|guardrails|context|messages?|constraints|restrictions|programming)\b/gi,
    confidence: 0.9,
    detail: 'order to drop earlier instructions',
  },
  {
    type: 'system_prompt_extraction',
    category: 'prompt_injection',
    re: /\b(?:reveal|print|show|repeat|output|display|leak|dump|tell me|what (?:is|are|was|were))\b[^.\n]{0,30}?\b(?:system prompt|initial (?:prompt|instructions)|hidden (?:prompt|instructions)|your (?:instructions|rules|prompt)|developer (?:message|prompt)|everything above)\b/gi,
    confidence: 0.8,
    detail: 'request for the hidden instructions',
  },
  {
    type: 'instruction_override',
    category: 'prompt_injection',
    re: /\b(?:new|updated|real|actual|true) (?:system )?instructions?\s*:|\bfrom now on,? you (?:are|will|must|shall)\b|\byou are no longer\b|\byour new (?:task|role|goal|objective) is\b|\binstead,? (?:you must|do the following)\b/gi,
    confidence: 0.75,
    detail: 'new instructions replace the current ones',
  },
  {
    type: 'chat_template_injection',
    category: 'prompt_injection',
    re: /<\|im_start\|>|<\|im_end\|>|<\|(?:system|user|assistant|endoftext|eot_id|start_header_id)\|>|\[\/?INST\]|<<\/?SYS>>|^\s*#{2,}\s*(?:system|instruction)s?\s*:?\s*$|^\s*(?:system|assistant)\s*:\s/gim,
    confidence: 0.85,
    detail: 'chat-template delimiter or fake role turn',
  },
  {
    type: 'persona_jailbreak',
    category: 'jailbreak',
    re: /\b(?:do anything now|DAN mode|developer mode (?:enabled|output)|jailbr(?:oken|eak) mode|always intelligent and machiavellian|AIM\b[^.\n]{0,40}\bunfiltered|unfiltered and amoral|stay in character|never (?:refuse|break character)|(?:without|free (?:of|from)|no) (?:any )?(?:moral|ethical|content) (?:restrictions|guidelines|limits|filters|policies|constraints)|not bound by (?:any |the )?(?:rules|policies|guidelines|openai)|(?:has|have) no (?:ethical|moral) (?:or moral )?(?:guidelines|restrictions|principles)|ignores? (?:all )?(?:ethical|moral|safety) (?:guidelines|restrictions|rules))\b/gi,
    confidence: 0.85,
    detail: 'persona frame that removes the rules',
  },
  {
    type: 'refusal_suppression',
    category: 'jailbreak',
    re: /\b(?:never|do not|don't|must not)\s+(?:say|respond with|include|use)\s+(?:that you )?(?:can(?:not|'t)|sorry|I'm sorry|I apologi[sz]e|as an AI)|\bbegin (?:your (?:reply|response) )?with ["']?Sure,? here\b|\bstart (?:your (?:reply|response) )?with ["']?Sure\b/gi,
    confidence: 0.8,
    detail: 'instruction to suppress refusals',
  },
  {
    type: 'hypothetical_frame',
    category: 'jailbreak',
    re: /\b(?:hypothetical response|purely (?:hypothetical|fictional)(?: and)? (?:scenario|purposes?)|for (?:educational|research) purposes only,? (?:and )?(?:ignoring|disregarding)|in a world where (?:there are no|nothing is) (?:rules|illegal))\b/gi,
    confidence: 0.65,
    detail: 'fictional frame around a request',
  },
];

/** Names the attack as a subject: the text is about attacks (and may quote one as an example). */
const ATTACK_TOPIC =
  /\b(?:prompt[- ]injections?|injection (?:attacks?|attempts?|risks?|prompts?)|jailbreak(?:s|ing)?(?: (?:attempts?|attacks?|prompts?|techniques?))?|attackers?|adversar(?:y|ies|ial)|red[- ]team\w*|LLM security|malicious (?:prompts?|inputs?|instructions?))\b/i;
const QUOTES = '"\'“”‘’`«»';

/**
 * Someone else doing it, in the third person: "a user tries to make the chatbot ignore ...",
 * "attackers write ...", "an attempt to ...". A bare "try to" is an order, not a report.
 */
const THIRD_PARTY =
  /\b(?:(?:an?|the|some|any|our|when|if)\s+(?:users?|attackers?|adversar(?:y|ies)|someone|somebody|people|persons?|customers?|employees?|callers?|visitors?)\s+(?:tr(?:y|ies|ying)|attempts?|attempting|wants?|asks?|writes?|types?|says?|tells?|uses?)\b|(?:an?|the|such|this|these|those)\s+attempts?\s+to|attackers?\s+(?:write|use|say|try|send|hide|embed))/i;

/** Asking about or acting against an attack, as the one who reports it does. */
const ANALYSIS =
  /\b(?:detect(?:s|ed|ing|ion|or)?|defend(?:s|ing)?|prevent(?:s|ing|ion)?|mitigat\w*|classif\w*|block(?:s|ed|ing)?|flag(?:s|ged|ging)?|filter(?:s|ed|ing)?|guard against|protect(?:s|ing)? against|what (?:is|are|happens)|how (?:do|can|does|should) (?:i|we|you|they|it))\b/i;

/**
 * Whether the sign sits inside quotes (a quote character shortly before and after it). An
 * apostrophe inside a word ("don't", "it's") is not a quote.
 */
function quoted(text: string, start: number, end: number): boolean {
  return hasQuote(text, Math.max(0, start - 24), start) && hasQuote(text, end, Math.min(text.length, end + 24));
}

function hasQuote(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (!QUOTES.includes(text[i]!)) continue;
    if (/\p{L}/u.test(text[i - 1] ?? '') && /\p{L}/u.test(text[i + 1] ?? '')) continue;
    return true;
  }
  return false;
}

/**
 * Whether the sign is an example in a text about attacks rather than an attack: quoted in a text
 * that names the attack, or reported as someone else's attempt by one who asks about or guards
 * against it. Common words near the sign ("like", "explain", "how to", "try to") are not enough:
 * an attacker writes them as easily as anyone.
 */
function discussed(text: string, start: number, end: number): boolean {
  const around = `${text.slice(Math.max(0, start - 100), start)} ${text.slice(end, end + 100)}`;
  if (quoted(text, start, end) && ATTACK_TOPIC.test(around)) return true;
  return THIRD_PARTY.test(around) && ANALYSIS.test(around);
}

/** Base64 runs long enough to carry a sentence; reported when they decode to readable text. */
const BASE64_BLOB = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_ESCAPES = /(?:\\x[0-9a-fA-F]{2}){12,}|(?:%[0-9a-fA-F]{2}){16,}/g;
const INVISIBLE =
  /[\u200B-\u200F\u2060-\u2064\u206A-\u206F\u00AD\u180E\uFEFF\u202A-\u202E\u2066-\u2069]+|(?:\uDB40[\uDC00-\uDC7F])+/g;

/** Whether base64 decodes to mostly printable ASCII: a hidden message rather than key material. */
function decodesToText(b64: string): boolean {
  return readableAscii(Buffer.from(b64, 'base64'), 24);
}

/**
 * Whether `\x41` or `%41` escapes spell mostly printable ASCII: a hidden sentence, not a URL with
 * non-Latin words in it (percent-encoded UTF-8) or binary bytes.
 */
function escapesToText(escaped: string): boolean {
  const hex = escaped.replace(/\\x|%/g, '');
  return readableAscii(Buffer.from(hex, 'hex'), 12);
}

function readableAscii(bytes: Buffer, minBytes: number): boolean {
  if (bytes.length < minBytes) return false;
  let printable = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b >= 32 && b < 127) || b === 9 || b === 10 || b === 13) printable++;
  }
  return printable / bytes.length > 0.95;
}

export function detectInjectionSigns(text: string, out: PromptFinding[]): void {
  for (const sign of SIGNS) {
    sign.re.lastIndex = 0;
    for (let m = sign.re.exec(text); m !== null; m = sign.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].length === 0) {
        sign.re.lastIndex++;
        continue;
      }
      if (discussed(text, start, end)) continue;
      out.push({
        category: sign.category,
        type: sign.type,
        start,
        end,
        confidence: sign.confidence,
        detail: sign.detail,
      });
    }
  }
  BASE64_BLOB.lastIndex = 0;
  for (let m = BASE64_BLOB.exec(text); m !== null; m = BASE64_BLOB.exec(text)) {
    if (!decodesToText(m[0])) continue;
    out.push({
      category: 'prompt_injection',
      type: 'encoded_payload',
      start: m.index,
      end: m.index + m[0].length,
      confidence: 0.7,
      detail: 'base64 that decodes to readable text',
    });
  }
  HEX_ESCAPES.lastIndex = 0;
  for (let m = HEX_ESCAPES.exec(text); m !== null; m = HEX_ESCAPES.exec(text)) {
    if (!escapesToText(m[0])) continue;
    out.push({
      category: 'prompt_injection',
      type: 'encoded_payload',
      start: m.index,
      end: m.index + m[0].length,
      confidence: 0.6,
      detail: 'escaped bytes that spell readable text',
    });
  }
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(text); m !== null; m = INVISIBLE.exec(text)) {
    const tags = m[0].charCodeAt(0) === 0xdb40;
    // one soft hyphen or zero-width joiner is typography; runs and tag characters carry hidden text
    if (!tags && m[0].length < 2) continue;
    out.push({
      category: 'prompt_injection',
      type: tags ? 'unicode_tag_characters' : 'invisible_unicode',
      start: m.index,
      end: m.index + m[0].length,
      confidence: tags ? 0.95 : Math.min(0.9, 0.5 + m[0].length * 0.05),
      detail: tags ? `${m[0].length / 2} hidden tag characters` : `${m[0].length} invisible characters`,
    });
  }
}
