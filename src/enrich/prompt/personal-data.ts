import ipaddr from 'ipaddr.js';
import {
  aadhaarValid,
  caSinValid,
  esDniValid,
  frNirValid,
  ibanValid,
  luhnValid,
  nlBsnValid,
  ukNinoValid,
  usSsnValid,
} from './checksums.js';
import type { PromptFinding } from './finding.js';
import { contextAround, contextBefore, standsAlone } from './span-context.js';

/**
 * Personal data: contact details, payment and bank identifiers, national identifiers (each with its
 * own check digit or issuance rules), network and postal addresses, dates of birth and names where
 * the words around them say they are names. A shape without its checksum or context does not fire.
 */

const EMAIL = /[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}\b/g;
const PHONE_INTL = /\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}/g;
const PHONE_NANP = /\(?\b[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}\b/g;
const PHONE_LOCAL = /\b0\d{2,4}[ -]?\d{2,4}[ -]?\d{2,4}(?:[ -]?\d{2,3})?\b/g;
const PHONE_WORDS =
  /\b(?:phone|tel|telephone|mobile|cell|call|contact|fax|whatsapp|sms|text me|reach (?:me|him|her))\b/i;
const CARD = /\b\d(?:[ -]?\d){11,18}\b/g;
const CARD_WORDS = /\b(?:card|credit|debit|visa|mastercard|amex|cc|pan|payment)\b/i;
const IBAN = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?\b/g;
const SSN = /\b(\d{3})([- ]?)(\d{2})\2(\d{4})\b/g;
const SSN_WORDS = /\b(?:ssn|social security|social sec|ss#|ss no|taxpayer|tin)\b/i;
const NINO = /\b[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d]\b/g;
const NINO_WORDS = /\b(?:nino|national insurance|ni number|ni no)\b/i;
const BSN = /\b\d{4}\.?\d{2}\.?\d{3}\b/g;
const BSN_WORDS = /\b(?:bsn|burgerservicenummer|sofinummer|citizen service number)\b/i;
const DNI = /\b[XYZxyz]?\d{7,8}-?[A-Za-z]\b/g;
const NIR = /\b[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b/g;
const AADHAAR = /\b[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}\b/g;
const AADHAAR_WORDS = /\b(?:aadhaar|aadhar|uidai|uid)\b/i;
const SIN = /\b\d{3}[ -]?\d{3}[ -]?\d{3}\b/g;
const SIN_WORDS = /\b(?:sin|social insurance)\b/i;
const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\b/g;
const IPV6 = /(?:[0-9A-Fa-f]{1,4}:){2,7}:?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{1,4}){0,6}/g;
const STREET =
  /\b\d{1,6}[A-Za-z]?,? (?:[A-Z][A-Za-z'.-]+ ){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Crescent|Close|Gardens)\b\.?(?:,? (?:Apt|Suite|Unit|Flat)\.? ?#?\w+)?/g;
const STREET_EU =
  /\b[A-Z][a-zäöüß]+(?:straße|strasse|weg|gasse|platz|allee|katu|tie|vej|gatan|laan|straat) \d{1,4}[a-z]?\b/g;
const RUA =
  /\b(?:Rua|Avenida|Calle|Via|Rue|Avenue de|Boulevard de|Piazza|Plaza) (?:d[aeo]s? |de la |del )?[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3},? \d{1,5}\b/g;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g;
const US_STATE_ZIP =
  /\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC) \d{5}(?:-\d{4})?\b/g;
const POSTCODE_WORDS =
  /\b(?:address|postcode|post code|lives? at|live in|deliver|ship(?:ping)? to|send (?:it )?to|located at)\b/i;
const DATE =
  /\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (?:19|20)\d{2}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2})\b/g;
const BIRTH_WORDS = /\b(?:born|birth|dob|d\.o\.b|birthday|birthdate|date of birth|geboren|né|née)\b/i;
const NAME_CUE =
  /\b(?:[Mm]y name is|[Nn]ame is|[Nn]ame:|[Pp]atient|[Ee]mployee|[Cc]ustomer|[Aa]pplicant|[Cc]andidate|[Tt]enant|[Rr]egards,|[Ss]incerely,|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Prof\.?)\s+((?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.)){0,3})/g;
const NOT_NAMES = new Set(['The', 'This', 'That', 'It', 'He', 'She', 'We', 'They', 'I', 'You', 'A', 'An', 'And', 'Is']);
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|35|2131|1800|6011|64[4-9]|65|62|60|63|67|50|56|57|58)/;

function push(out: PromptFinding[], type: string, start: number, end: number, confidence: number, detail?: string) {
  const f: PromptFinding = { category: 'personal_data', type, start, end, confidence };
  if (detail !== undefined) f.detail = detail;
  out.push(f);
}

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Whether [start, end) overlaps a span already reported, so one string is reported once, by its most specific type. */
function taken(out: PromptFinding[], from: number, start: number, end: number): boolean {
  for (let i = from; i < out.length; i++) {
    const f = out[i]!;
    if (f.start < end && start < f.end) return true;
  }
  return false;
}

/** Separators used consistently (all spaces, all dashes or none), as people write cards and IDs. */
function consistentSeparators(s: string): boolean {
  return !(s.includes(' ') && s.includes('-'));
}

export function detectPersonalData(text: string, out: PromptFinding[]): void {
  const base = out.length;

  // starting at the end skips the scan when no '@' can anchor an address
  EMAIL.lastIndex = text.includes('@') ? 0 : text.length;
  for (let m = EMAIL.exec(text); m !== null; m = EMAIL.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    // user:password@host is a connection string or URL credential, reported by the credential detector.
    if (start > 0 && (text[start - 1] === ':' || text[start - 1] === '/')) continue;
    push(out, 'email', start, end, 0.95);
  }

  CARD.lastIndex = 0;
  for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
    const s = m[0];
    const digits = digitCount(s);
    if (digits < 12 || digits > 19 || !consistentSeparators(s)) continue;
    const compact = s.replace(/[ -]/g, '');
    if (!CARD_PREFIX.test(compact) || !luhnValid(compact)) continue;
    if (/^(\d)\1+$/.test(compact)) continue;
    const start = m.index;
    const end = start + s.length;
    const cue = contextBefore(text, start, CARD_WORDS, 40);
    // 12-digit Maestro numbers are too short to stand on the checksum alone
    if (digits < 13 && !cue) continue;
    push(out, 'payment_card', start, end, cue ? 0.97 : 0.85, 'Luhn check digit valid');
  }

  IBAN.lastIndex = 0;
  for (let m = IBAN.exec(text); m !== null; m = IBAN.exec(text)) {
    if (!ibanValid(m[0])) continue;
    push(out, 'iban', m.index, m.index + m[0].length, 0.97, 'ISO 13616 mod-97 check valid');
  }

  SSN.lastIndex = 0;
  for (let m = SSN.exec(text); m !== null; m = SSN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!usSsnValid(Number(m[1]), Number(m[3]), Number(m[4]))) continue;
    const cue = contextBefore(text, start, SSN_WORDS, 40);
    const separated = m[2] !== '';
    if (!cue && !(separated && m[2] === '-')) continue;
    if (taken(out, base, start, end)) continue;
    push(out, 'us_ssn', start, end, cue ? 0.95 : 0.7, 'SSA area/group/serial rules hold');
  }

  NINO.lastIndex = 0;
  for (let m = NINO.exec(text); m !== null; m = NINO.exec(text)) {
    const upper = m[0].toUpperCase();
    if (!ukNinoValid(upper)) continue;
    const cue = contextBefore(text, m.index, NINO_WORDS, 40);
    if (m[0] !== upper && !cue) continue;
    push(out, 'uk_nino', m.index, m.index + m[0].length, cue ? 0.95 : 0.8, 'HMRC prefix rules hold');
  }

  DNI.lastIndex = 0;
  for (let m = DNI.exec(text); m !== null; m = DNI.exec(text)) {
    if (!esDniValid(m[0])) continue;
    push(out, 'es_dni', m.index, m.index + m[0].length, 0.9, 'mod-23 control letter valid');
  }

  NIR.lastIndex = 0;
  for (let m = NIR.exec(text); m !== null; m = NIR.exec(text)) {
    if (!frNirValid(m[0])) continue;
    if (taken(out, base, m.index, m.index + m[0].length)) continue;
    push(out, 'fr_nir', m.index, m.index + m[0].length, 0.9, 'mod-97 key valid');
  }

  AADHAAR.lastIndex = 0;
  for (let m = AADHAAR.exec(text); m !== null; m = AADHAAR.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!aadhaarValid(m[0]) || taken(out, base, start, end)) continue;
    const cue = contextBefore(text, start, AADHAAR_WORDS, 40);
    if (!cue && !/[ -]/.test(m[0])) continue;
    push(out, 'in_aadhaar', start, end, cue ? 0.95 : 0.6, 'Verhoeff check digit valid');
  }

  BSN.lastIndex = 0;
  for (let m = BSN.exec(text); m !== null; m = BSN.exec(text)) {
    const start = m.index;
    if (!contextBefore(text, start, BSN_WORDS, 40) || !nlBsnValid(m[0])) continue;
    if (taken(out, base, start, start + m[0].length)) continue;
    push(out, 'nl_bsn', start, start + m[0].length, 0.9, 'elfproef (11-check) valid');
  }

  SIN.lastIndex = 0;
  for (let m = SIN.exec(text); m !== null; m = SIN.exec(text)) {
    const start = m.index;
    if (!contextBefore(text, start, SIN_WORDS, 40) || !caSinValid(m[0])) continue;
    if (taken(out, base, start, start + m[0].length)) continue;
    push(out, 'ca_sin', start, start + m[0].length, 0.9, 'Luhn check digit valid');
  }

  detectPhones(text, out, base);
  detectIpAddresses(text, out, base);
  detectPostalAddresses(text, out, base);
  detectBirthDates(text, out);
  detectNames(text, out, base);
}

function detectPhones(text: string, out: PromptFinding[], base: number): void {
  for (const re of [PHONE_INTL, PHONE_NANP, PHONE_LOCAL]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      const digits = digitCount(m[0]);
      if (digits < 7 || digits > 15) continue;
      // glued to a path, time or version (/ : .) it is part of that token; a full stop or comma after it ends a sentence
      const before = start > 0 ? text[start - 1]! : ' ';
      const after = end < text.length ? text[end]! : ' ';
      if (!standsAlone(text, start, end) || '/:.'.includes(before) || after === '/' || after === ':') continue;
      if (taken(out, base, start, end)) continue;
      const cue = contextAround(text, start, end, PHONE_WORDS, 40);
      if (re === PHONE_LOCAL && !cue) continue;
      push(out, 'phone', start, end, cue ? 0.9 : 0.7);
    }
  }
}

function detectIpAddresses(text: string, out: PromptFinding[], base: number): void {
  IPV4.lastIndex = 0;
  for (let m = IPV4.exec(text); m !== null; m = IPV4.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    // version numbers and OIDs: 1.2.3.4.5 or v1.2.3.4
    const before = start > 0 ? text[start - 1] : ' ';
    const after = end < text.length ? text[end] : ' ';
    if (before === '.' || before === 'v' || (after === '.' && /\d/.test(text[end + 1] ?? ''))) continue;
    if (taken(out, base, start, end)) continue;
    const range = ipaddr.IPv4.parse(m[0]).range();
    const publicAddress = range === 'unicast';
    push(out, 'ip_address', start, end, publicAddress ? 0.85 : 0.6, publicAddress ? 'public IPv4' : `${range} IPv4`);
  }
  // starting at the end skips the scan when no ':' can anchor an address
  IPV6.lastIndex = text.includes(':') ? 0 : text.length;
  for (let m = IPV6.exec(text); m !== null; m = IPV6.exec(text)) {
    const s = m[0];
    const colons = s.split(':').length - 1;
    if (!(s.includes('::') || colons === 7) || !ipaddr.IPv6.isValid(s)) continue;
    if (!standsAlone(text, m.index, m.index + s.length)) continue;
    if (!/[0-9a-fA-F]{2}/.test(s)) continue;
    push(out, 'ip_address', m.index, m.index + s.length, 0.8, 'IPv6');
  }
}

function detectPostalAddresses(text: string, out: PromptFinding[], base: number): void {
  for (const re of [STREET, STREET_EU, RUA]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (taken(out, base, m.index, m.index + m[0].length)) continue;
      push(out, 'postal_address', m.index, m.index + m[0].length, 0.75, 'street address');
    }
  }
  US_STATE_ZIP.lastIndex = 0;
  for (let m = US_STATE_ZIP.exec(text); m !== null; m = US_STATE_ZIP.exec(text)) {
    if (taken(out, base, m.index, m.index + m[0].length)) continue;
    push(out, 'postal_address', m.index, m.index + m[0].length, 0.7, 'US state and ZIP code');
  }
  UK_POSTCODE.lastIndex = 0;
  for (let m = UK_POSTCODE.exec(text); m !== null; m = UK_POSTCODE.exec(text)) {
    if (taken(out, base, m.index, m.index + m[0].length)) continue;
    const cue = contextAround(text, m.index, m.index + m[0].length, POSTCODE_WORDS, 60);
    if (!cue && !m[0].includes(' ')) continue;
    push(out, 'postal_address', m.index, m.index + m[0].length, cue ? 0.8 : 0.55, 'UK postcode');
  }
}

function detectBirthDates(text: string, out: PromptFinding[]): void {
  DATE.lastIndex = 0;
  for (let m = DATE.exec(text); m !== null; m = DATE.exec(text)) {
    if (!contextBefore(text, m.index, BIRTH_WORDS, 40)) continue;
    push(out, 'date_of_birth', m.index, m.index + m[0].length, 0.9, 'date next to a birth cue');
  }
}

function detectNames(text: string, out: PromptFinding[], base: number): void {
  NAME_CUE.lastIndex = 0;
  for (let m = NAME_CUE.exec(text); m !== null; m = NAME_CUE.exec(text)) {
    const name = m[1]!;
    const first = name.split(/\s+/, 1)[0]!;
    if (NOT_NAMES.has(first)) continue;
    const start = m.index + m[0].length - name.length;
    const end = m.index + m[0].length;
    if (taken(out, base, start, end)) continue;
    push(out, 'person_name', start, end, name.includes(' ') ? 0.75 : 0.6, 'name after a naming cue');
  }
}
