import { createHash } from 'node:crypto';

/** Who is prompting through the gateway. */
export interface GatewayIdentity {
  actor: string;
  actorType: 'human' | 'agent';
  onBehalfOf?: string;
}

export type Identify = (headers: Record<string, string | string[] | undefined>) => GatewayIdentity | undefined;

/**
 * Identify callers by the gateway API key they present (`Authorization: Bearer <key>`). Keys are
 * kept only as SHA-256 digests, so a memory dump or a log line never shows one.
 */
export function identifyByApiKey(
  keys: ReadonlyMap<string, GatewayIdentity> | Record<string, GatewayIdentity>,
): Identify {
  const byDigest = new Map<string, GatewayIdentity>();
  const entries = keys instanceof Map ? [...keys] : Object.entries(keys);
  for (const [key, id] of entries) byDigest.set(digest(key), { ...id, actor: id.actor.toLowerCase() });
  return (headers) => {
    const auth = headers.authorization;
    if (typeof auth !== 'string') return undefined;
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) return undefined;
    return byDigest.get(digest(m[1]!));
  };
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
