import { readFileSync } from 'node:fs';
import type { SecretRef } from '../config.js';

/** Read a secret named in the configuration: from an environment variable or a file (trimmed). */
export function readSecret(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in ref) {
    const v = env[ref.env];
    if (v === undefined || v === '') throw new Error(`secret environment variable ${ref.env} is not set`);
    return v;
  }
  return readFileSync(ref.file, 'utf8').trim();
}
