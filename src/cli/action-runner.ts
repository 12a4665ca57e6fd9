import type { Action, ActionAudit, ActionDecision } from '../response/action.js';
import { type Executors, executeAction, revertAction } from '../response/executors/index.js';
import { isInForce } from '../response/lifecycle.js';
import type { ResponsePolicy } from '../response/policy.js';
import type { CommitBatch, Store } from '../store/store.js';

/** What an action was applied with: applying again is due when either changes. */
interface Applied {
  expires: number;
  scope: string;
}

/**
 * The edge where decided actions meet the world: an action in force is applied by every executor
 * that handles it (again when it is extended, since its scope or expiry may have widened; executors
 * are idempotent), and lifted when it expires or is cleared. Each result goes to the action's audit
 * trail in the store; a failure is reported back so the policy marks the action failed.
 */
export class ActionRunner {
  /** action id -> what it was applied with */
  private readonly applied = new Map<string, Applied>();
  readonly counters = { applied: 0, reverted: 0, failed: 0 };

  constructor(
    private readonly executors: Executors,
    private readonly store?: Store,
    private readonly onFailed?: (action: Action, audit: ActionAudit) => void,
  ) {}

  async handle(actions: readonly Action[]): Promise<void> {
    for (const a of actions) {
      const inForce = isInForce(a);
      const was = this.applied.get(a.id);
      if (inForce && (was === undefined || was.expires !== a.expires || was.scope !== scopeText(a))) {
        this.applied.set(a.id, { expires: a.expires, scope: scopeText(a) });
        const audit = await executeAction(a, this.executors);
        if (audit.to === 'failed') {
          this.counters.failed++;
          this.onFailed?.(a, audit);
        } else {
          this.counters.applied++;
        }
        await this.store?.updateAction(a.id, audit);
      } else if (!inForce && was !== undefined) {
        this.applied.delete(a.id);
        const audit = await revertAction(a, this.executors);
        this.counters.reverted++;
        await this.store?.updateAction(a.id, audit);
      }
    }
  }

  /**
   * After a restart: `applied` is what an earlier process put in force (the store's active and
   * extended actions), `live` what the policy holds live now. What has ended since is lifted, and
   * every live action in force is applied again, since some executor state (prompt holds) lived in
   * the earlier process's memory only.
   */
  async resume(applied: readonly Action[], live: readonly Action[]): Promise<void> {
    const liveIds = new Set(live.map((a) => a.id));
    for (const a of applied) {
      if (liveIds.has(a.id)) continue;
      // The stored copy as it stands now (a catch-up may have expired it), so the audit keeps its status.
      const current = (await this.store?.getAction(a.id)) ?? a;
      const audit = await revertAction(current, this.executors);
      this.counters.reverted++;
      await this.store?.updateAction(a.id, audit);
    }
    await this.handle(live);
  }
}

function scopeText(a: Action): string {
  return a.scope === undefined ? '' : JSON.stringify(a.scope);
}

/**
 * A person's decision from the API, made by the response policy (the one owner of action state),
 * then stored and carried out: a confirmed action is applied, a cleared one lifted. Undefined when
 * the policy holds no such live action. `commit` must be the same queue the pipeline's writes go
 * through, so that a decision is never overtaken by an older copy of the action.
 */
export function decideAction(
  policy: ResponsePolicy,
  runner: ActionRunner,
  commit: (batch: CommitBatch) => Promise<void>,
): (decision: ActionDecision) => Promise<Action | undefined> {
  return async (decision) => {
    const decided = policy.decide(decision);
    if (decided === undefined) return undefined;
    await commit({ actions: [decided] });
    await runner.handle([decided]);
    return decided;
  };
}
