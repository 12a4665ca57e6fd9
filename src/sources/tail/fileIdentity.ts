import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A file's identity across renames: device and inode. */
export function fileIdOf(s: Stats): string {
  return `${s.dev}:${s.ino}`;
}

/** The path in `dir` that is the file `fileId` now (after a rotation renamed it), if it is still there. */
export async function findByFileId(dir: string, fileId: string): Promise<string | undefined> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    try {
      const s = await stat(path);
      if (s.isFile() && fileIdOf(s) === fileId) return path;
    } catch {
      // Removed between readdir and stat: not it.
    }
  }
  return undefined;
}

/**
 * Zeek writes each live log as `<name>.log` and renames it on rotation (`conn.2026-12-03-18-00-00.log`,
 * possibly compressed later): live logs are the names with a single dot. stdout/stderr are not logs.
 */
export function isLiveLogName(name: string): boolean {
  return /^[A-Za-z0-9_-]+\.log$/.test(name) && name !== 'stderr.log' && name !== 'stdout.log';
}
