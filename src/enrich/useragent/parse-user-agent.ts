import { UAParser, type UAParserExt } from 'ua-parser-js';
import { Bots, CLIs, Libraries } from 'ua-parser-js/extensions';
import type { UserAgentInfo } from '../../events/event.js';

// The parser accepts a list of extensions at run time; its typings only name one.
const EXTENSIONS = [CLIs, Libraries, Bots] as unknown as UAParserExt;
const CACHE_LIMIT = 50_000;

/**
 * User-agent family, version and OS, and whether it is a scripting tool or library (curl,
 * PowerShell, Go-http-client, python-requests...). Results are cached per string: a network sees
 * few distinct user agents, and parsing is far dearer than a Map lookup.
 */
export class UserAgentParser {
  private readonly cache = new Map<string, UserAgentInfo>();

  parse(ua: string): UserAgentInfo {
    const hit = this.cache.get(ua);
    if (hit !== undefined) return hit;
    const info = parseUncached(ua);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(ua, info);
    return info;
  }
}

function parseUncached(ua: string): UserAgentInfo {
  const r = new UAParser(ua, EXTENSIONS).getResult();
  const browserType = (r.browser as { type?: string }).type;
  const tool = browserType === 'cli' || browserType === 'library';
  let family = r.browser.name;
  if (!family) {
    // Unknown agents are named by their first product token ("Modzilla/0.0001 (Atari 7800)" -> "Modzilla").
    const m = /^\s*([^\s/;()]+)/.exec(ua);
    family = m?.[1] ?? 'unknown';
  }
  const info: UserAgentInfo = { family, tool };
  if (r.browser.version) info.version = r.browser.version;
  if (r.os.name) info.os = r.os.version ? `${r.os.name} ${r.os.version}` : r.os.name;
  return info;
}
