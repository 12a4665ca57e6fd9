import type { EntityRef } from '../../events/event.js';
import type { ModelContext } from '../model.js';

/**
 * Whether `model` already raised a breach for this entity (and, when given, this related endpoint)
 * since `since`: models report a situation once per cool-down, not once per packet. With
 * `atLeast`, only an earlier breach scored at least that high counts, so that a situation first
 * reported weakly (a beacon whose sessions all failed) is reported again once it grows stronger.
 */
export function alreadyRaised(
  ctx: ModelContext,
  model: string,
  entity: EntityRef,
  since: number,
  relatedId?: string,
  atLeast = Number.NEGATIVE_INFINITY,
): boolean {
  const list = ctx.recentBreaches(entity, since);
  for (let i = list.length - 1; i >= 0; i--) {
    const b = list[i]!;
    if (b.model !== model || b.score < atLeast) continue;
    if (relatedId === undefined) return true;
    for (const r of b.related) if (r.id === relatedId) return true;
  }
  return false;
}
