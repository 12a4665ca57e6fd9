/**
 * Context around a match. Many identifiers are only identifiers when the words around them say so
 * ("SSN", "date of birth", "password ="); these helpers look at a bounded window so that the cost
 * stays constant per match whatever the prompt length.
 */

/** Whether `re` (no `g` flag) matches within `window` characters before `start`. */
export function contextBefore(text: string, start: number, re: RegExp, window = 48): boolean {
  return re.test(text.slice(Math.max(0, start - window), start));
}

/** Whether `re` (no `g` flag) matches within `window` characters on either side of [start, end). */
export function contextAround(text: string, start: number, end: number, re: RegExp, window = 48): boolean {
  return re.test(text.slice(Math.max(0, start - window), start)) || re.test(text.slice(end, end + window));
}

/** Letter, digit or underscore: used to refuse matches glued to a longer token. */
export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Whether the characters just outside [start, end) leave the match standing alone (not part of a longer word or number). */
export function standsAlone(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  const after = end < text.length ? text.charCodeAt(end) : 32;
  return !isWordCode(before) && !isWordCode(after);
}
