import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Files in a directory that are documentation, code or media rather than logs. */
const NOT_A_LOG =
  /(^\.|^(readme|license|licence|copying|provenance|citation|changelog|notice)([._-].*)?$|\.(md|markdown|rst|txt\.md|pdf|png|jpe?g|gif|svg|ico|html?|css|js|mjs|ts|py|sh|go|rs|c|h|java|rb|pcap|pcapng|cap|zip|7z|rar|tar|tgz|xz|bz2|zst|exe|dll|so|dylib|yml|yaml|toml|ini|cfg|conf|config|cff|lock|sqlite|db|duckdb)$)/i;

export function looksLikeLog(name: string): boolean {
  return !NOT_A_LOG.test(name);
}

/**
 * Files named on the command line are taken as given; directories are walked recursively, keeping
 * what may be a log. The result is sorted and free of duplicates.
 */
export async function expandInputs(paths: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const p of paths) {
    const s = await stat(p);
    if (s.isDirectory()) await walk(p, out);
    else out.add(p);
  }
  return [...out].sort();
}

/** Linked files are read; linked directories are not walked (Zeek's `current` link would read logs twice, and links can loop). */
async function isFileBehindLink(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function walk(dir: string, out: Set<string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) await walk(full, out);
    else if (looksLikeLog(e.name) && (e.isFile() || (e.isSymbolicLink() && (await isFileBehindLink(full)))))
      out.add(full);
  }
}
