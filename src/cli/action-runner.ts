import type { Action } from '../response/action.js';
import type { ResponseConfig } from '../response/config.js';
import { createExecutors, type ExecutorDeps, executeAction, revertAction } from '../response/executors/index.js';
import type { Store } from '../store/store.js';

/**
 * The edge where decided actions meet the world: actions in force are applied once by every
 * executor that handles them, and lifted when they expire or are cleared. Each result is written
 * to the action's audit trail in the store.
 */
export class ActionRunner {
  private readonly executors;
  private readonly applied = new Set<string>();
  readonly counters = { applied: 0, reverted: 0, failed: 0 };

  constructor(
    config: ResponseConfig,
    private readonly store?: Store,
    deps: ExecutorDeps = {},
  ) {
    this.executors = createExecutors(config, deps);
  }

  async handle(actions: readonly Action[]): Promise<void> {
    for (const a of actions) {
      const inForce = a.status === 'active' || a.status === 'extended';
      if (inForce && !this.applied.has(a.id)) {
        this.applied.add(a.id);
        const audit = await executeAction(a, this.executors);
        if (audit.to === 'failed') this.counters.failed++;
        else this.counters.applied++;
        await this.store?.updateAction(a.id, audit);
      } else if (!inForce && this.applied.has(a.id)) {
        this.applied.delete(a.id);
        const audit = await revertAction(a, this.executors);
        this.counters.reverted++;
        await this.store?.updateAction(a.id, audit);
      }
    }
  }
}
