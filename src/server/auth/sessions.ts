import type { Role } from '../roles.js';
import { newSecret } from './token.js';

export interface Session {
  id: string;
  user: string;
  role: Role;
  /** Synchroniser token: state-changing requests made with this session must echo it in a header. */
  csrf: string;
  expires: number;
  /** When it was opened: a password set after this ends it. */
  opened: number;
}

/**
 * Signed-in browser sessions, held in memory: a restart signs everyone out, which is the safe
 * failure. Idle sessions expire after `ttlMs`; each use slides the expiry.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  open(user: string, role: Role): Session {
    this.sweep();
    const now = this.now();
    const s: Session = { id: newSecret(), user, role, csrf: newSecret(), expires: now + this.ttlMs, opened: now };
    this.sessions.set(s.id, s);
    return s;
  }

  get(id: string): Session | undefined {
    const s = this.sessions.get(id);
    if (s === undefined) return undefined;
    const now = this.now();
    if (s.expires <= now) {
      this.sessions.delete(id);
      return undefined;
    }
    s.expires = now + this.ttlMs;
    return s;
  }

  close(id: string): void {
    this.sessions.delete(id);
  }

  /** Sign a user out everywhere, e.g. when their account is removed. */
  closeUser(user: string): void {
    for (const [id, s] of this.sessions) if (s.user === user) this.sessions.delete(id);
  }

  /**
   * Keeps only sessions whose user still exists with the same role and has not had a new password
   * set since the session was opened (a user record's `created` is when its password was set).
   */
  keepOnly(users: readonly { name: string; role: Role; created: number }[]): void {
    const byName = new Map(users.map((u) => [u.name, u]));
    for (const [id, s] of this.sessions) {
      const u = byName.get(s.user);
      if (u === undefined || u.role !== s.role || u.created > s.opened) this.sessions.delete(id);
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (s.expires <= now) this.sessions.delete(id);
  }
}
