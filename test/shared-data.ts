import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared public real-world data sets (each folder has a PROVENANCE.md): `../shared/data`
 * beside the repository, where CI clones the project. Every test that reads real data resolves it
 * here, the one way.
 */
export const SHARED_DATA = fileURLToPath(new URL('../../shared/data', import.meta.url));

/**
 * A path under the shared data that must exist. A missing data set fails the test file loudly
 * rather than letting it pass without the real-data proof.
 */
export function sharedData(...parts: string[]): string {
  const path = join(SHARED_DATA, ...parts);
  if (!existsSync(path)) {
    throw new Error(
      `real data missing: ${path} does not exist. The tests read ../shared/data beside the repository; ` +
        'clone the project next to the shared folder.',
    );
  }
  return path;
}
