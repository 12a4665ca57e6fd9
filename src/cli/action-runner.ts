import type { Action, ActionAudit } from '../response/action.js';
import type { ResponseConfig } from '../response/config.js';
import { createExecutors, type ExecutorDeps, executeAction, revertAction } from '../response/executors/index.js';
import type { Store } from '../store/store.js';

/**
 * The edge where decided actions meet the world: an action in force is applied by every executor
 * that handles it (again when it is extended, since its scope or expiry may have widened; executors
 * are idempotent), and lifted when it expires or is cleared. Each result goes to the action's audit
 * trail in the store; a failure is reported back so the policy marks the action failed.
 */
export class ActionRunner {
  private readonly executors;
  /** action id -> the expiry it was applied with */
  private readonly applied = new Map<string, number>();
  readonly counters = { applied: 0, reverted: 0, failed: 0 };

  constructor(
    config: ResponseConfig,
    private readonly store?: Store,
    deps: ExecutorDeps = {},
    private readonly onFailed?: (action: Action, audit: ActionAudit) => void,
  ) {
    this.executors = createExecutors(config, deps);
  }

  async handle(actions: readonly Action[]): Promise<void> {
    for (const a of actions) {
      const inForce = a.status === 'active' || a.status === 'extended';
      const appliedUntil = this.applied.get(a.id);
      if (inForce && appliedUntil !== a.expires) {
        this.applied.set(a.id, a.expires);
        const audit = await executeAction(a, this.executors);
        if (audit.to === 'failed') {
          this.counters.failed++;
          this.onFailed?.(a, audit);
        } else {
          this.counters.applied++;
        }
        await this.store?.updateAction(a.id, audit);
      } else if (!inForce && appliedUntil !== undefined) {
        this.applied.delete(a.id);
        const audit = await revertAction(a, this.executors);
        this.counters.reverted++;
        await this.store?.updateAction(a.id, audit);
      }
    }
  }
}
