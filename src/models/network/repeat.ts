import type { EntityRef } from '../../events/event.js';
import type { ModelContext } from '../model.js';

/**
 * Whether `model` already raised a breach for this entity (and, when given, this related endpoint)
 * since `since`: models report a situation once per cool-down, not once per packet.
 */
export function alreadyRaised(
  ctx: ModelContext,
  model: string,
  entity: EntityRef,
  since: number,
  relatedId?: string,
): boolean {
  const list = ctx.recentBreaches(entity, since);
  for (let i = list.length - 1; i >= 0; i--) {
    const b = list[i]!;
    if (b.model !== model) continue;
    if (relatedId === undefined) return true;
    for (const r of b.related) if (r.id === relatedId) return true;
  }
  return false;
}
