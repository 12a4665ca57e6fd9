import { createHash, randomBytes } from 'node:crypto';

/** API tokens carry a recognisable prefix so that secret scanners and humans can tell what they are. */
export const TOKEN_PREFIX = 'tt_';

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function newToken(): string {
  return TOKEN_PREFIX + newSecret();
}

/** Only this digest is stored: a leaked settings table does not leak working tokens. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
