import type { EntityRef } from '../events/event.js';
import { AllowList } from './allowlist.js';
import type { Breach } from './breach.js';

/** Per model name, the allow-list entries configured for it (config `models.<name>.allow`). */
export type AllowOverrides = Record<string, { allow?: readonly string[] } | undefined>;

/**
 * Applies per-model allow-lists to breaches already stored, exactly as the engine applies them to
 * new ones: a breach is dropped when its entity (or one of the entity's tags) or any related
 * endpoint matches its model's list. Pure; returns the breaches that remain, in order.
 */
export function applyAllowList(
  breaches: readonly Breach[],
  overrides: AllowOverrides,
  tagsOf?: (entity: EntityRef) => readonly string[] | undefined,
): Breach[] {
  const lists = new Map<string, AllowList>();
  for (const [model, o] of Object.entries(overrides)) {
    const list = new AllowList(o?.allow ?? []);
    if (!list.empty) lists.set(model, list);
  }
  if (lists.size === 0) return breaches.slice();
  return breaches.filter((b) => {
    const list = lists.get(b.model);
    if (list === undefined) return true;
    if (list.matches(b.entity.id, tagsOf?.(b.entity))) return false;
    for (const r of b.related) if (list.matches(r.id)) return false;
    return true;
  });
}
