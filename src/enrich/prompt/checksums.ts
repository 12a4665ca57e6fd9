/**
 * Check-digit algorithms of the identifiers the personal-data detector reports. A shape alone
 * matches order numbers and timestamps; the check digit is what makes a 16-digit run a card.
 * Every function reads only digits/letters of its input and ignores separators.
 */

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Luhn mod 10 (payment cards, Canadian SIN). Separators (space, dash) are skipped. */
export function luhnValid(s: string): boolean {
  let sum = 0;
  let double = false;
  let digits = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (!isDigitCode(c)) continue;
    let d = c - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
    digits++;
  }
  return digits > 0 && sum % 10 === 0;
}

/** ISO 13616 IBAN: move the first four characters to the end, letters to 10..35, remainder mod 97 must be 1. */
export function ibanValid(s: string): boolean {
  const compact = s.replace(/[\s-]/g, '').toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (expected !== undefined && expected !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    if (isDigitCode(c)) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

/** Registered IBAN lengths of common countries (SWIFT IBAN registry); others are length-checked by range only. */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TR: 26,
  AE: 23,
  SA: 24,
  IL: 23,
  QA: 29,
  BR: 29,
};

/**
 * US Social Security Number issuance rules: area 001-899 except 666, group 01-99, serial 0001-9999,
 * and not one of the numbers the SSA says were published in advertising.
 */
export function usSsnValid(area: number, group: number, serial: number): boolean {
  if (area === 0 || area === 666 || area >= 900) return false;
  if (group === 0 || serial === 0) return false;
  if ((area === 78 && group === 5 && serial === 1120) || (area === 219 && group === 9 && serial === 9999)) return false;
  return true;
}

/**
 * UK National Insurance number prefix rules (HMRC): first letter not D F I Q U V, second not D F I
 * O Q U V, and not the prefixes BG GB KN NK NT TN ZZ; suffix A-D.
 */
export function ukNinoValid(s: string): boolean {
  const compact = s.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{6}[A-D]$/.test(compact)) return false;
  const a = compact[0]!;
  const b = compact[1]!;
  if ('DFIQUV'.includes(a) || 'DFIOQUV'.includes(b)) return false;
  return !NINO_BAD_PREFIXES.has(a + b);
}

const NINO_BAD_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** Dutch BSN "elfproef": 9 digits weighted 9..2 and -1, sum divisible by 11. */
export function nlBsnValid(s: string): boolean {
  const d = s.replace(/\D/g, '');
  if (d.length !== 9 || d === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (d.charCodeAt(i) - 48) * (9 - i);
  sum -= d.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter): the letter is number mod 23. */
export function esDniValid(s: string): boolean {
  const compact = s.replace(/[\s-]/g, '').toUpperCase();
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(compact);
  if (!m) return false;
  const prefix = m[1] ? 'XYZ'.indexOf(m[1]).toString() : '';
  const digits = prefix + m[2]!;
  if (digits.length !== 8) return false;
  return DNI_LETTERS[Number(digits) % 23] === m[3];
}

/** French NIR (numéro de sécurité sociale): 13 digits + key = 97 - (number mod 97); Corsica 2A/2B map to 19/18. */
export function frNirValid(s: string): boolean {
  const compact = s.replace(/\s/g, '').toUpperCase();
  if (!/^[12]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(compact)) return false;
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(compact.slice(13));
  return 97 - Number(BigInt(body) % 97n) === key;
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Verhoeff dihedral check (Indian Aadhaar, 12 digits, never starting 0 or 1). */
export function aadhaarValid(s: string): boolean {
  const d = s.replace(/\D/g, '');
  if (d.length !== 12 || d[0] === '0' || d[0] === '1') return false;
  let c = 0;
  for (let i = 0; i < d.length; i++) {
    const digit = d.charCodeAt(d.length - 1 - i) - 48;
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![digit]!]!;
  }
  return c === 0;
}

/** Canadian Social Insurance Number: 9 digits, Luhn, first digit not 0 or 8. */
export function caSinValid(s: string): boolean {
  const d = s.replace(/\D/g, '');
  return d.length === 9 && d[0] !== '0' && d[0] !== '8' && luhnValid(d);
}
