import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import brandsJson from '../../../data/brands/brands.json' with { type: 'json' };

/**
 * Does a host name imitate a brand people trust? Three ways, each only when the host's registrable
 * domain is not one the brand owns:
 * - brand token: a label, or a `-`/`_`-separated part of one, is a brand token (`zoom.us-meeting.us`,
 *   `office365-login.com`), or holds one (4+ letters, longest first) run together with nothing but
 *   the words phishing and fake-download hosts use (`appleidverify.com`, `googledocs-share.com`,
 *   `zoomdownload.com`). Any other company would do: brands sit inside ordinary words (`purchase`
 *   holds `chase`), other businesses (`zoomcar`, `applebees`) and the brand's own domains that a
 *   list cannot hold in full (`googleadservices`, `googlehosted`);
 * - homoglyph: it becomes a brand token once look-alike characters are folded (`micros0ft`,
 *   Cyrillic `аpple`, `rn` for `m`);
 * - typo: one swap or extra letter from a brand token of 6+ letters (`gooogle`, `googel`), or one
 *   substitution from a token of 7+ (`dropbux`); shorter tokens, a missing letter, and a changed
 *   letter in a 6-letter token are too close to ordinary words and tools (`cloud` is `icloud` less
 *   a letter, `static` is `gstatic` less one, `gcloud` is `icloud` with one letter changed).
 * The registrable domain is judged first. When it holds a brand token run together with words
 * that are not lures (`adobejanus.com`, `amazonaws.com.cn`), it is the brand's own naming, not an
 * imitation, and its subdomains are not judged for that brand (`adobelogin.prod.adobejanus.com`).
 * A brand token alone under a country-code suffix (`google.ie`, `apple.co.uk`) is the brand's
 * country site: brands register those before anyone else can.
 * Only the host name is judged, never the URL path; hosts under shared CDNs and hosting platforms
 * (data/brands/brands.json `sharedPlatforms`) and names under a suffix that is not on the public
 * suffix list (`com.apple.trustd`, `wpad.localdomain`: nothing on the internet answers them) are
 * never judged.
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
/** Brand tokens that may be found run together with other words, longest first; shorter ones are noise. */
const runTogetherTokens = Array.from(byToken.keys())
  .filter((t) => t.length >= 4)
  .sort((a, b) => b.length - a.length);
/**
 * Words phishing and fake-download hosts put beside a brand (sign-in, account, file sharing,
 * meetings, payments, support). A short brand run together with nothing but these is imitated.
 */
const LURE_WORDS = new Set([
  'login',
  'logon',
  'signin',
  'sign',
  'verify',
  'verification',
  'secure',
  'security',
  'account',
  'accounts',
  'id',
  'auth',
  'sso',
  'update',
  'updates',
  'support',
  'help',
  'service',
  'services',
  'billing',
  'pay',
  'payment',
  'wallet',
  'docs',
  'doc',
  'drive',
  'share',
  'file',
  'files',
  'download',
  'downloads',
  'install',
  'setup',
  'meeting',
  'meet',
  'invite',
  'mail',
  'webmail',
  'portal',
  'online',
  'access',
  'recovery',
  'reset',
  'password',
  'unlock',
  'confirm',
  'alert',
  'my',
]);
const LONGEST_LURE = Math.max(...Array.from(LURE_WORDS, (w) => w.length));

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
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ս: 'u',
  ո: 'n',
  ɑ: 'a',
  ı: 'i',
  ɩ: 'i',
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
  if (!domain || p.isIp || !(p.isIcann || p.isPrivate)) return undefined;
  if (ownedBy.has(domain) || platforms.has(domain) || isUnder(host, platforms)) return undefined;
  const left = p.publicSuffix ? host.slice(0, host.length - p.publicSuffix.length - 1) : host;
  const unicode = left.includes('xn--') ? domainToUnicode(left) || left : left;
  const labels = unicode.split('.');
  const registrable = labels.pop()!;
  const own = judgeLabel(registrable, domain);
  if (own !== undefined) {
    if (own.how === 'brand token' && own.found === own.token && isCountryCode(p.publicSuffix)) return undefined;
    return own;
  }
  const inHouse = brandsNamedIn(registrable);
  for (const label of labels) {
    const m = judgeLabel(label, domain);
    if (m !== undefined && !inHouse.has(m.brand)) return m;
  }
  return undefined;
}

function judgeLabel(label: string, domain: string): LookalikeMatch | undefined {
  const folded = fold(label);
  const candidates = label === folded ? [label] : [folded, label];
  for (const cand of candidates) {
    const how = cand === label ? 'brand token' : 'homoglyph';
    for (const part of cand.split(/[-_]+/)) {
      if (part.length < 4) continue;
      const exact = byToken.get(part);
      if (exact !== undefined) return match(exact, part, label, how, domain);
      const embedded = embeddedToken(part);
      if (embedded !== undefined) return match(byToken.get(embedded)!, embedded, label, how, domain);
      if (part.length >= 5) {
        for (const t of longTokens) {
          if (isTypoOf(part, t)) return match(byToken.get(t)!, t, label, 'typo', domain);
        }
      }
    }
    const whole = byToken.get(cand);
    if (whole !== undefined) return match(whole, cand, label, how, domain);
  }
  return undefined;
}

/** Brands whose token the label holds anywhere: a registrable domain named after its owner's brand. */
function brandsNamedIn(label: string): Set<string> {
  const out = new Set<string>();
  const folded = fold(label);
  for (const t of runTogetherTokens) if (folded.includes(t)) out.add(byToken.get(t)!.brand);
  return out;
}

/** `ie`, `co.uk`, `com.au`: a suffix whose top level is a country's. */
function isCountryCode(suffix: string | null): boolean {
  if (!suffix) return false;
  const top = suffix.slice(suffix.lastIndexOf('.') + 1);
  return /^[a-z]{2}$/.test(top);
}

function isTypoOf(part: string, token: string): boolean {
  if (part.length === token.length + 1) return withinOneEdit(part, token);
  if (part.length !== token.length || !withinOneEdit(part, token)) return false;
  return token.length >= 7 || isSwap(part, token);
}

function isSwap(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** The longest brand token run together with other words in `part`, by the rules above. */
function embeddedToken(part: string): string | undefined {
  for (const t of runTogetherTokens) {
    if (t.length >= part.length) continue;
    const at = part.indexOf(t);
    if (at < 0) continue;
    if (lureWords(part.slice(0, at)) && lureWords(part.slice(at + t.length))) return t;
  }
  return undefined;
}

/** Whether `s` is empty or a run of lure words (digits between them allowed: `login365`). */
function lureWords(s: string): boolean {
  const t = s.replace(/[0-9]+/g, '');
  const ok = new Uint8Array(t.length + 1);
  ok[0] = 1;
  for (let i = 0; i < t.length; i++) {
    if (ok[i] === 0) continue;
    for (let j = i + 1; j <= Math.min(t.length, i + LONGEST_LURE); j++) if (LURE_WORDS.has(t.slice(i, j))) ok[j] = 1;
  }
  return ok[t.length] === 1;
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
