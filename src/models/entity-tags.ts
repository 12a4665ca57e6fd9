import type { EntityRef } from '../events/event.js';
import { AllowList } from './allowlist.js';

const NO_TAGS: readonly string[] = Object.freeze([]);

/**
 * Tags of entities from configuration (`tags: { backup-servers: ["10.20.0.0/16", "backup01"] }`):
 * an entity has a tag when its id matches one of the tag's entries (exact, `*.domain`, CIDR).
 * Allow-lists (`tag:backup-servers`) and response rules read them. Results are cached per entity.
 */
export function entityTagger(tags: Record<string, readonly string[]>): (entity: EntityRef) => readonly string[] {
  const lists = Object.entries(tags).map(([tag, entries]) => [tag, new AllowList(entries)] as const);
  if (lists.length === 0) return () => NO_TAGS;
  const cache = new Map<string, readonly string[]>();
  return (entity) => {
    const hit = cache.get(entity.id);
    if (hit !== undefined) return hit;
    const found = lists.filter(([, list]) => list.matches(entity.id)).map(([tag]) => tag);
    const out = found.length === 0 ? NO_TAGS : found;
    if (cache.size >= 100_000) cache.clear();
    cache.set(entity.id, out);
    return out;
  };
}
