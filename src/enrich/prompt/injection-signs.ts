import type { PromptFinding, PromptFindingCategory } from './finding.js';

/**
 * The structural signs of prompt injection and jailbreaks that do not need a model: orders to
 * drop earlier instructions, fake chat-template delimiters, persona frames that remove the
 * rules, encoded payloads and invisible characters. A sign quoted or named as a topic ("what is an
 * 'ignore previous instructions' attack?") is a discussion, not an attempt, and is not reported.
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

/** Words that show the sign is being talked about rather than used. */
const DISCUSSION =
  /\b(?:prompt injections?|injection attacks?|jailbreak(?:s|ing)? (?:attempts?|attacks?|prompts?|techniques?)|such as|like|e\.g\.|for example|called|known as|phrases?|what is|what are|how (?:do|can|does|to)|explain|detect(?:s|ing|ion)?|defend|prevent|mitigat\w*|classif\w*|examples? of)\b/i;
const QUOTES = '"\'“”‘’`«»';

/**
 * Names the attack, or reports someone else's attempt ("a user tries to make the chatbot ignore ..."):
 * with a discussion word, the sign is an example in a conversation about attacks.
 */
const META =
  /\b(?:prompt injections?|jailbreak\w*|injection attacks?|attackers?|adversarial|red[- ]team\w*|LLM security|tr(?:y|ies|ying) to|attempts? to|make (?:the |a |our )?(?:chatbot|model|assistant|ai|bot|llm))\b/i;

/** Whether the sign sits inside quotes (any quote character shortly before and after it). */
function quoted(text: string, start: number, end: number): boolean {
  const left = text.slice(Math.max(0, start - 24), start);
  const right = text.slice(end, end + 24);
  let opens = false;
  let closes = false;
  for (const q of QUOTES) {
    if (left.includes(q)) opens = true;
    if (right.includes(q)) closes = true;
  }
  return opens && closes;
}

function discussed(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 100), start);
  const after = text.slice(end, end + 100);
  if (!DISCUSSION.test(before) && !DISCUSSION.test(after)) return false;
  return quoted(text, start, end) || META.test(before) || META.test(after);
}

/** Base64 runs long enough to carry a sentence; reported when they decode to readable text. */
const BASE64_BLOB = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX_ESCAPES = /(?:\\x[0-9a-fA-F]{2}){12,}|(?:%[0-9a-fA-F]{2}){16,}/g;
const INVISIBLE =
  /[\u200B-\u200F\u2060-\u2064\u206A-\u206F\u00AD\u180E\uFEFF\u202A-\u202E\u2066-\u2069]+|(?:\uDB40[\uDC00-\uDC7F])+/g;

/** Whether base64 decodes to mostly printable ASCII: a hidden message rather than key material. */
function decodesToText(b64: string): boolean {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length < 24) return false;
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
    out.push({
      category: 'prompt_injection',
      type: 'encoded_payload',
      start: m.index,
      end: m.index + m[0].length,
      confidence: 0.6,
      detail: 'long escaped byte sequence',
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
