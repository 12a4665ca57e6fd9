import type { Action, ActionKind } from '../action.js';

/**
 * Carries actions out at the edge (I/O). `apply` brings an action into force and `revert` lifts it
 * (on expiry or clearing); both are idempotent and return one line for the audit trail.
 */
export interface Executor {
  readonly name: string;
  readonly handles: readonly ActionKind[];
  apply(action: Action): Promise<string>;
  revert(action: Action): Promise<string>;
}

export type Executors = readonly Executor[];
