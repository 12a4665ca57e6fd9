import type { Action, ActionStatus } from './action.js';

/** Which status may follow which. Expired, cleared and failed are final. */
const NEXT: Record<ActionStatus, readonly ActionStatus[]> = {
  proposed: ['awaiting_confirmation', 'active', 'expired', 'cleared', 'failed'],
  awaiting_confirmation: ['active', 'expired', 'cleared', 'failed'],
  active: ['extended', 'expired', 'cleared', 'failed'],
  extended: ['extended', 'expired', 'cleared', 'failed'],
  expired: [],
  cleared: [],
  failed: [],
};

export class IllegalTransition extends Error {
  constructor(
    readonly action: string,
    readonly from: ActionStatus,
    readonly to: ActionStatus,
  ) {
    super(`action ${action} cannot go from ${from} to ${to}`);
  }
}

export function canTransition(from: ActionStatus, to: ActionStatus): boolean {
  return NEXT[from].includes(to);
}

/** Still to be decided or in force: it may be confirmed, extended, cleared or expire. */
export function isLive(a: Pick<Action, 'status'>): boolean {
  return NEXT[a.status].length > 0;
}

/** In force: the executors should have applied it. */
export function isInForce(a: Pick<Action, 'status'>): boolean {
  return a.status === 'active' || a.status === 'extended';
}

/** A new action with the status changed and the change audited (who, why, when). */
export function transition(
  action: Action,
  to: ActionStatus,
  actor: string,
  reason: string,
  time: number,
  patch: Partial<Pick<Action, 'expires' | 'reason' | 'scope'>> = {},
): Action {
  if (!canTransition(action.status, to)) throw new IllegalTransition(action.id, action.status, to);
  return {
    ...action,
    ...patch,
    status: to,
    audit: [...action.audit, { time, actor, from: action.status, to, reason }],
  };
}

/** A person confirms an action awaiting confirmation (or promotes a proposal): it comes into force. */
export function confirm(action: Action, who: string, time: number, why = 'confirmed'): Action {
  return transition(action, 'active', who, why, time);
}

export function extend(action: Action, until: number, who: string, why: string, time: number): Action {
  if (action.status === 'awaiting_confirmation' || action.status === 'proposed') {
    return {
      ...action,
      expires: until,
      audit: [...action.audit, { time, actor: who, from: action.status, to: action.status, reason: why }],
    };
  }
  return transition(action, 'extended', who, why, time, { expires: Math.max(until, action.expires) });
}

export function expire(action: Action, time: number): Action {
  const why = isInForce(action) ? 'duration elapsed' : 'not confirmed before it would have expired';
  return transition(action, 'expired', 'policy', why, time);
}

export function clear(action: Action, who: string, why: string, time: number): Action {
  return transition(action, 'cleared', who, why, time);
}

export function fail(action: Action, actor: string, why: string, time: number): Action {
  return transition(action, 'failed', actor, why, time);
}
