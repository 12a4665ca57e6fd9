import { UAParser, type UAParserExt } from 'ua-parser-js';
import { Bots, CLIs, Libraries } from 'ua-parser-js/extensions';
import type { UserAgentInfo } from '../../events/event.js';

// The parser accepts a list of extensions at run time; its typings only name one.
const EXTENSIONS = [CLIs, Libraries, Bots] as unknown as UAParserExt;
const CACHE_LIMIT = 50_000;
const FIRST_TOKEN = /^\s*([^\s/;()]+)/;

/**
 * User-agent family, version and OS, and whether it is a scripting tool or library (curl,
 * PowerShell, Go-http-client, python-requests...). Results are cached per string: a network sees
 * few distinct user agents, and parsing is far dearer than a Map lookup. One parser serves every
 * string and only the browser and OS are asked for: building a parser merges the extension
 * regex lists, and the full result would also run the long device list, together about four
 * fifths of a parse.
 */
export class UserAgentParser {
  private readonly cache = new Map<string, UserAgentInfo>();
  private readonly parser = new UAParser(EXTENSIONS);

  parse(ua: string): UserAgentInfo {
    const hit = this.cache.get(ua);
    if (hit !== undefined) return hit;
    const info = this.parseUncached(ua);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(ua, info);
    return info;
  }

  private parseUncached(ua: string): UserAgentInfo {
    const parser = this.parser.setUA(ua);
    const browser = parser.getBrowser();
    const os = parser.getOS();
    const tool = browser.type === 'cli' || browser.type === 'library';
    let family = browser.name;
    if (!family) {
      // Unknown agents are named by their first product token ("Modzilla/0.0001 (Atari 7800)" -> "Modzilla").
      const m = FIRST_TOKEN.exec(ua);
      family = m?.[1] ?? 'unknown';
    }
    const info: UserAgentInfo = { family, tool };
    if (browser.version) info.version = browser.version;
    if (os.name) info.os = os.version ? `${os.name} ${os.version}` : os.name;
    return info;
  }
}
