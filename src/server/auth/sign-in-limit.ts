/** Failed sign-ins allowed for one user name from one client address within the window. */
export const FAILURES_PER_USER_AND_ADDRESS = 5;
/** Failed sign-ins allowed from one client address across all user names (password spraying). */
export const FAILURES_PER_ADDRESS = 20;
export const FAILURE_WINDOW_MS = 60_000;
/** Past this many tracked keys, expired ones are swept on the next failure: memory stays bounded by the window. */
const SWEEP_ABOVE = 10_000;

/**
 * Counts failed sign-ins only, so that a person who types the right password is never slowed down
 * and a guesser is stopped after a few tries at one account from one address, or a few more at many
 * accounts from one address. Successful sign-ins clear that user's count from that address.
 */
export class FailedSignIns {
  /** key -> times of failures within the window, oldest first */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly limits = {
      perUserAndAddress: FAILURES_PER_USER_AND_ADDRESS,
      perAddress: FAILURES_PER_ADDRESS,
      windowMs: FAILURE_WINDOW_MS,
    },
  ) {}

  /** Milliseconds until this user may try again from this address, or 0 when a try is allowed now. */
  retryAfter(address: string, user: string): number {
    const now = this.now();
    return Math.max(
      this.wait(userKey(address, user), this.limits.perUserAndAddress, now),
      this.wait(address, this.limits.perAddress, now),
    );
  }

  failed(address: string, user: string): void {
    const now = this.now();
    if (this.failures.size > SWEEP_ABOVE) this.sweep(now);
    for (const key of [userKey(address, user), address]) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
  }

  succeeded(address: string, user: string): void {
    this.failures.delete(userKey(address, user));
  }

  private wait(key: string, max: number, now: number): number {
    const times = this.recent(key, now);
    return times.length < max ? 0 : times[times.length - max]! + this.limits.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (times === undefined) return [];
    const from = now - this.limits.windowMs;
    let i = 0;
    while (i < times.length && times[i]! <= from) i++;
    return i === 0 ? times : times.slice(i);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures) {
      if (times[times.length - 1]! <= now - this.limits.windowMs) this.failures.delete(key);
    }
  }
}

function userKey(address: string, user: string): string {
  return `${address}\u0000${user.toLowerCase()}`;
}
