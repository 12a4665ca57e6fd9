/**
 * Shannon entropy in bits per character, and the placeholder test: what separates a real token
 * from `xxxxxxxx`, `<your-api-key>` or the documentation's `...EXAMPLE`.
 */

const counts = new Uint16Array(128);

/** Bits per character over the ASCII characters of s (non-ASCII characters count as one symbol). */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  counts.fill(0);
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) counts[c]!++;
    else other++;
  }
  let h = 0;
  const n = s.length;
  for (let c = 0; c < 128; c++) {
    const k = counts[c]!;
    if (k === 0) continue;
    const p = k / n;
    h -= p * Math.log2(p);
  }
  if (other > 0) {
    const p = other / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Filler a human writes where a secret would go, AWS-style documentation markers, and a long run
 * of zeros (`dop_v1_000...`), the fake value of vendor examples and of gitleaks's own negatives.
 */
const FILLER = /EXAMPLE|x{6,}|X{6,}|\*{3,}|\.{3}|<[^>]*>|\$\{|\{\{|#{3,}|_HERE\b|(?:here|HERE|Here)$|PUT_YOUR|0{12}/;
/** Words that name a value as not real; only applied to values judged by entropy, where no vendor shape vouches for them. */
const PLACEHOLDER_WORDS =
  /example|your[_-]|redacted|placeholder|changeme|dummy|sample|fake|0123456789|123456789|abcdefgh|password123|secret123|^[$%[{(<]|\bpassword\b|^pass(?:word)?$/i;

/** Known documentation keys (AWS's own examples) that appear in countless tutorials and are not secrets. */
const DOCUMENTATION_KEYS = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  // jwt.io's example token, signed with "your-256-bit-secret".
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
]);

/** Where published documentation keys sit in a text: no pass reports any piece of them. */
export function documentationKeySpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const k of DOCUMENTATION_KEYS) {
    for (let i = text.indexOf(k); i !== -1; i = text.indexOf(k, i + k.length)) out.push([i, i + k.length]);
  }
  return out;
}

const seen = new Uint8Array(65536);

function distinctAtLeast(s: string, n: number): boolean {
  let distinct = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (seen[c] === 0) {
      seen[c] = 1;
      distinct++;
    }
  }
  for (let i = 0; i < s.length; i++) seen[s.charCodeAt(i)] = 0;
  return distinct >= n;
}

/** Filler, a published documentation example, or too few distinct characters to be random. */
export function isFiller(s: string): boolean {
  return DOCUMENTATION_KEYS.has(s) || FILLER.test(s) || !distinctAtLeast(s, 6);
}

/** Filler, or a value whose own words say it is not real. */
export function looksLikePlaceholder(s: string): boolean {
  return isFiller(s) || PLACEHOLDER_WORDS.test(s);
}
