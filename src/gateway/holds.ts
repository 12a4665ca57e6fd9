import type { IdentityState } from './policy.js';

/**
 * Identities a response action has put on hold (`hold_prompt`): their prompts are not forwarded
 * until the hold ends or is cleared. The gateway asks with its own clock; the response executor
 * (PromptGatewayExecutor) calls `hold` and `release`.
 */
export class IdentityHolds {
  private readonly holds = new Map<string, { until: number; reason?: string }>();

  holdIdentity(id: string, until: number, reason?: string): void {
    const h: { until: number; reason?: string } = { until };
    if (reason !== undefined) h.reason = reason;
    this.holds.set(id.toLowerCase(), h);
  }

  /** The response executor's PromptHoldTarget (`hold_prompt` actions). */
  hold(identity: string, until: number): void {
    this.holdIdentity(identity, until, 'response action hold_prompt');
  }

  release(id: string): void {
    this.holds.delete(id.toLowerCase());
  }

  state(id: string, now: number): IdentityState {
    const key = id.toLowerCase();
    const h = this.holds.get(key);
    if (h === undefined) return { held: false };
    if (now >= h.until) {
      this.holds.delete(key);
      return { held: false };
    }
    const s: IdentityState = { held: true, until: h.until };
    if (h.reason !== undefined) s.reason = h.reason;
    return s;
  }
}
