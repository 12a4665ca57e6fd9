import type { EntityRef } from '../../events/event.js';
import type { Thresholds } from '../../models/model.js';
import type { ResponseRule, RuleContext } from '../rule.js';

/** The context a rule gets from the policy, with its default thresholds and tags. */
export function ruleContext<P extends Thresholds>(
  rule: ResponseRule<P>,
  tags: Record<string, string[]> = {},
): RuleContext<P> {
  return {
    params: rule.meta.thresholds,
    tags: rule.meta.tags ?? [],
    tagsOf: (e: EntityRef) => tags[e.id] ?? [],
  };
}
