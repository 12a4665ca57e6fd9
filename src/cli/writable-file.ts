import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Checks before any work starts that `path` (given as `option`) can be written: an existing
 * regular file that is writable, or a new file in a writable directory. A replay only opens its
 * reject file when the first bad record comes, so without this a mistyped path would surface as
 * a crash in the middle of the run.
 */
export async function assertWritableFile(option: string, path: string): Promise<void> {
  const full = resolve(path);
  const existing = await stat(full).catch(() => undefined);
  if (existing !== undefined) {
    if (!existing.isFile()) throw new UsageError(`${option}: cannot write ${path}: it is not a regular file`);
    await access(full, constants.W_OK).catch(() => {
      throw new UsageError(`${option}: cannot write ${path}: permission denied`);
    });
    return;
  }
  const dir = dirname(full);
  const parent = await stat(dir).catch(() => undefined);
  if (parent === undefined) throw new UsageError(`${option}: cannot write ${path}: no such directory ${dir}`);
  if (!parent.isDirectory()) throw new UsageError(`${option}: cannot write ${path}: ${dir} is not a directory`);
  await access(dir, constants.W_OK | constants.X_OK).catch(() => {
    throw new UsageError(`${option}: cannot write ${path}: directory ${dir} is not writable`);
  });
}
