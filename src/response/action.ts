import type { EntityRef } from '../events/event.js';

export type ActionKind =
  | 'block_connections'
  | 'enforce_pattern_of_life'
  | 'quarantine_device'
  | 'force_logout'
  | 'disable_user'
  | 'remove_inbox_rule'
  | 'disable_service_principal'
  | 'hold_prompt';

export type ActionMode = 'observe' | 'human_confirmation' | 'autonomous';

export type ActionStatus =
  | 'proposed'
  | 'awaiting_confirmation'
  | 'active'
  | 'extended'
  | 'expired'
  | 'cleared'
  | 'failed';

export interface ActionAudit {
  time: number;
  /** "policy", "executor:msgraph", or the user who confirmed / cleared. */
  actor: string;
  from?: ActionStatus;
  to: ActionStatus;
  reason: string;
}

export interface Action {
  id: string;
  action: ActionKind;
  target: EntityRef;
  /** What to match, e.g. the remote endpoints to block, the rule id, the app id. */
  scope?: Record<string, string | string[]>;
  mode: ActionMode;
  /** Breach or incident ids. */
  reason: string[];
  /** The policy rule (a response model name) that proposed it. */
  rule: string;
  start: number;
  expires: number;
  status: ActionStatus;
  audit: ActionAudit[];
}

/** A person's decision on an action (API or UI), with the reason the audit trail keeps. */
export interface ActionDecision {
  id: string;
  decision: 'confirm' | 'extend' | 'clear';
  who: string;
  reason: string;
  time: number;
  /** For extend: the new expiry. */
  until?: number;
}
