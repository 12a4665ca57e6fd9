import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import brandsJson from '../../../data/brands/brands.json' with { type: 'json' };

/**
 * Does a host name imitate a brand people trust? Three ways, each only when the host's registrable
 * domain is not one the brand owns:
 * - brand token: a label (or a `-`/digit-separated part of one) is exactly a brand token
 *   (`zoom.us-meeting.us`, `microsoft-login.com`);
 * - homoglyph: it becomes a brand token once look-alike characters are folded (`micros0ft`,
 *   Cyrillic `аpple`, `rn` for `m`);
 * - typo: one substitution, swap or extra letter from a brand token of 6+ letters (`gooogle`,
 *   `paypai`); shorter tokens, and a missing letter, are too close to ordinary words (`cloud` is
 *   `icloud` less a letter, `static` is `gstatic` less one).
 * Only the host name is judged, never the URL path, and hosts under shared CDNs and hosting
 * platforms (data/brands/brands.json `sharedPlatforms`) are never judged.
 */

export interface LookalikeMatch {
  brand: string;
  /** The brand token imitated. */
  token: string;
  /** The part of the host that imitates it. */
  found: string;
  how: 'brand token' | 'homoglyph' | 'typo';
  /** Registrable domain of the host, which the brand does not own. */
  domain: string;
  brandDomains: string[];
}

interface BrandEntry {
  brand: string;
  tokens: string[];
  domains: string[];
}

const data = brandsJson as { brands: BrandEntry[]; sharedPlatforms: { domains: string[] } };
const byToken = new Map<string, BrandEntry>();
for (const b of data.brands) for (const t of b.tokens) byToken.set(t, b);
const ownedBy = new Map<string, BrandEntry>();
for (const b of data.brands) for (const d of b.domains) ownedBy.set(d, b);
const platforms = new Set(data.sharedPlatforms.domains);
const longTokens = Array.from(byToken.keys()).filter((t) => t.length >= 6);

const GLYPHS: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  ο: 'o',
  α: 'a',
  ν: 'v',
  ι: 'i',
  κ: 'k',
};

const cache = new Map<string, LookalikeMatch | null>();
const CACHE_LIMIT = 100_000;

/** The brand a host name imitates, or undefined. Cached per host. */
export function lookalike(host: string): LookalikeMatch | undefined {
  const hit = cache.get(host);
  if (hit !== undefined) return hit ?? undefined;
  const m = judge(host.toLowerCase());
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(host, m ?? null);
  return m;
}

function judge(host: string): LookalikeMatch | undefined {
  const p = parse(host);
  const domain = p.domain;
  if (!domain || p.isIp) return undefined;
  if (ownedBy.has(domain) || platforms.has(domain) || isUnder(host, platforms)) return undefined;
  const left = p.publicSuffix ? host.slice(0, host.length - p.publicSuffix.length - 1) : host;
  const unicode = left.includes('xn--') ? domainToUnicode(left) || left : left;
  for (const label of unicode.split('.')) {
    const folded = fold(label);
    const candidates = label === folded ? [label] : [folded, label];
    for (const cand of candidates) {
      for (const part of cand.split(/[-_0-9]+/)) {
        if (part.length < 4) continue;
        const exact = byToken.get(part);
        if (exact !== undefined) {
          return match(exact, part, label, cand === label ? 'brand token' : 'homoglyph', domain);
        }
        if (part.length >= 5) {
          for (const t of longTokens) {
            if ((part.length === t.length || part.length === t.length + 1) && withinOneEdit(part, t)) {
              return match(byToken.get(t)!, t, label, 'typo', domain);
            }
          }
        }
      }
      const whole = byToken.get(cand);
      if (whole !== undefined) return match(whole, cand, label, cand === label ? 'brand token' : 'homoglyph', domain);
    }
  }
  return undefined;
}

function match(
  b: BrandEntry,
  token: string,
  found: string,
  how: LookalikeMatch['how'],
  domain: string,
): LookalikeMatch {
  return { brand: b.brand, token, found, how, domain, brandDomains: b.domains };
}

function isUnder(host: string, set: Set<string>): boolean {
  let i = host.indexOf('.');
  while (i >= 0) {
    if (set.has(host.slice(i + 1))) return true;
    i = host.indexOf('.', i + 1);
  }
  return false;
}

function fold(label: string): string {
  let out = '';
  for (const ch of label) out += GLYPHS[ch] ?? ch;
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w');
}

/** Damerau-Levenshtein distance <= 1 (one insert, delete, substitution or adjacent swap). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (i < la && a[i] === b[i]) i++;
    if (i === la) return false;
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  if (Math.abs(la - lb) !== 1) return false;
  const [s, l] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}
