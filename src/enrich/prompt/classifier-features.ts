/**
 * The injection/jailbreak classifier's features, shared by training (scripts/) and scanning so the
 * two can never drift apart. Text is lower-cased, digits folded to 0 and whitespace runs folded
 * to one space; then every character 3-, 4- and 5-gram, every word unigram and bigram, and every
 * 4-gram of character shapes (lower, upper, digit, space, punctuation, other; what separates an
 * adversarial suffix such as `describing.\ + similarlyNow` from prose) is hashed (FNV-1a) into
 * 2^bits buckets. Hashes are written into a caller's buffer: no strings are
 * built, so featurising a 2 KB prompt allocates nothing.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x9e3779b9;
const BIGRAM_SEED = 0x85ebca6b;

/** Buckets needed for a text of `length` characters: 3 char n-grams and a shape n-gram a character, 2 word features a word. */
export function featureCapacity(length: number): number {
  return 6 * length + 8;
}

const SHAPE_SEED = 0xc2b2ae35;

function shapeOf(c: number): number {
  if (c >= 97 && c <= 122) return 1;
  if (c >= 65 && c <= 90) return 2;
  if (c >= 48 && c <= 57) return 3;
  if (c === 32 || c === 9 || c === 10 || c === 13) return 4;
  if (c < 128) return 5;
  return 6;
}

function foldCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 48 && c <= 57) return 48;
  if (c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0) return 32;
  return c;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 48 || c === 39 || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);
}

/**
 * Writes the bucket index of every feature of `text` into `sink` (which must hold
 * featureCapacity(text.length) entries) and returns how many were written. When `marks` is given
 * (text.length + 2 entries), marks[i] is the number of features written before character i, so
 * the features of characters [a, b) are sink[marks[a]] .. sink[marks[b] - 1].
 */
export function extractFeatures(text: string, bits: number, sink: Int32Array, marks?: Int32Array): number {
  const mask = (1 << bits) - 1;
  let n = 0;
  // the last five folded characters, most recent in c0
  let c0 = 32;
  let c1 = -1;
  let c2 = -1;
  let c3 = -1;
  let c4 = -1;
  let word = WORD_SEED;
  let wordLength = 0;
  let previousWord = 0;
  let havePreviousWord = false;
  // the last four shapes, 3 bits each
  let shapes = 0;
  for (let i = 0; i <= text.length; i++) {
    if (marks) marks[i] = n;
    const raw = i < text.length ? text.charCodeAt(i) : 32;
    shapes = ((shapes << 3) | shapeOf(raw)) & 0xfff;
    if (i >= 3) {
      const hs = Math.imul(SHAPE_SEED ^ shapes, FNV_PRIME);
      sink[n++] = (hs ^ (hs >>> 15)) & mask;
    }
    const c = foldCode(raw);
    if (c === 32 && c0 === 32) continue;
    c4 = c3;
    c3 = c2;
    c2 = c1;
    c1 = c0;
    c0 = c;
    if (c2 >= 0) {
      let h = Math.imul(FNV_OFFSET ^ c2, FNV_PRIME);
      h = Math.imul(h ^ c1, FNV_PRIME);
      h = Math.imul(h ^ c0, FNV_PRIME);
      sink[n++] = (h ^ (h >>> 15)) & mask;
      if (c3 >= 0) {
        let h4 = Math.imul(FNV_OFFSET ^ c3, FNV_PRIME);
        h4 = Math.imul(h4 ^ c2, FNV_PRIME);
        h4 = Math.imul(h4 ^ c1, FNV_PRIME);
        h4 = Math.imul(h4 ^ c0, FNV_PRIME);
        h4 = Math.imul(h4 ^ 4, FNV_PRIME);
        sink[n++] = (h4 ^ (h4 >>> 15)) & mask;
        if (c4 >= 0) {
          let h5 = Math.imul(FNV_OFFSET ^ c4, FNV_PRIME);
          h5 = Math.imul(h5 ^ c3, FNV_PRIME);
          h5 = Math.imul(h5 ^ c2, FNV_PRIME);
          h5 = Math.imul(h5 ^ c1, FNV_PRIME);
          h5 = Math.imul(h5 ^ c0, FNV_PRIME);
          h5 = Math.imul(h5 ^ 5, FNV_PRIME);
          sink[n++] = (h5 ^ (h5 >>> 15)) & mask;
        }
      }
    }
    if (isWordChar(c)) {
      word = Math.imul(word ^ c, FNV_PRIME);
      wordLength++;
    } else if (wordLength > 0) {
      const w = word ^ (word >>> 13);
      sink[n++] = Math.imul(w, 0x5bd1e995) & mask;
      if (havePreviousWord) {
        const b = Math.imul(previousWord ^ BIGRAM_SEED, FNV_PRIME) ^ w;
        sink[n++] = Math.imul(b ^ (b >>> 16), 0x27d4eb2d) & mask;
      }
      previousWord = w;
      havePreviousWord = true;
      word = WORD_SEED;
      wordLength = 0;
    }
  }
  if (marks) marks[text.length + 1] = n;
  return n;
}
