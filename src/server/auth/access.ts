import { randomUUID } from 'node:crypto';
import type { Role } from '../roles.js';
import type { ServerSettings, TokenRecord, UserRecord } from '../settings.js';
import { hashPassword, verifyPassword } from './password.js';
import { newSecret, newToken, tokenDigest } from './token.js';

export interface Principal {
  name: string;
  role: Role;
  via: 'token' | 'session';
}

/** What the very first start hands out, shown once to whoever started telltale. */
export interface FirstStartCredentials {
  token: string;
  user: string;
  password: string;
}

/**
 * Users and API tokens, with an in-memory index of token digests so that each request costs one
 * hash and one map lookup. The settings in the store stay the source of truth.
 */
export class AccessControl {
  private byDigest = new Map<string, TokenRecord>();
  /** Computed once so that unknown user names cost as much as wrong passwords (no user enumeration by timing). */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly settings: ServerSettings,
    private readonly now: () => number,
  ) {}

  /** Loads the token index; on the first start ever, creates an admin token and an admin user. */
  async start(): Promise<FirstStartCredentials | undefined> {
    return this.settings.serial(async () => {
      const [tokens, users] = await Promise.all([this.settings.tokens(), this.settings.users()]);
      if (tokens.length > 0 || users.length > 0) {
        this.index(tokens);
        return undefined;
      }
      const token = newToken();
      const password = newSecret(12);
      const created = this.now();
      const first: TokenRecord = {
        id: randomUUID(),
        name: 'first-start admin',
        role: 'admin',
        digest: tokenDigest(token),
        created,
      };
      await this.settings.saveUsers([
        { name: 'admin', role: 'admin', passwordHash: await hashPassword(password), created },
      ]);
      await this.settings.saveTokens([first]);
      this.index([first]);
      return { token, user: 'admin', password };
    });
  }

  /**
   * For an operator who lost the first-start credentials, or fears they leaked (run from the command
   * line on the host, which is the proof of authority): sets a new password for the admin user,
   * revokes every admin-role token and issues one new admin token. Other users and tokens stay.
   * The admin's browser sessions end when a running server next refreshes (`refresh`).
   */
  resetAdmin(): Promise<{ credentials: FirstStartCredentials; revokedTokens: string[] }> {
    return this.settings.serial(async () => {
      const password = newSecret(12);
      const created = this.now();
      const users = (await this.settings.users()).filter((u) => u.name !== 'admin');
      users.push({ name: 'admin', role: 'admin', passwordHash: await hashPassword(password), created });
      const tokens = await this.settings.tokens();
      const token = newToken();
      const fresh: TokenRecord = {
        id: randomUUID(),
        name: `admin reset ${new Date(created).toISOString()}`,
        role: 'admin',
        digest: tokenDigest(token),
        created,
      };
      const kept = [...tokens.filter((t) => t.role !== 'admin'), fresh];
      await this.settings.saveUsers(users);
      await this.settings.saveTokens(kept);
      this.index(kept);
      return {
        credentials: { token, user: 'admin', password },
        revokedTokens: tokens.filter((t) => t.role === 'admin').map((t) => t.name),
      };
    });
  }

  /**
   * Reloads tokens and users from the store, which another process (`telltale reset-admin`) may
   * have changed; returns the users, for the sessions to follow.
   */
  async refresh(): Promise<UserRecord[]> {
    return this.settings.serial(async () => {
      const [tokens, users] = await Promise.all([this.settings.tokens(), this.settings.users()]);
      this.index(tokens);
      return users;
    });
  }

  private index(tokens: TokenRecord[]): void {
    this.byDigest = new Map(tokens.map((t) => [t.digest, t]));
  }

  verifyToken(token: string): Principal | undefined {
    const t = this.byDigest.get(tokenDigest(token));
    return t === undefined ? undefined : { name: `token:${t.name}`, role: t.role, via: 'token' };
  }

  async verifyPassword(user: string, password: string): Promise<UserRecord | undefined> {
    const u = (await this.settings.users()).find((x) => x.name === user);
    if (u === undefined) {
      this.decoyHash ??= hashPassword(newSecret());
      await verifyPassword(password, await this.decoyHash);
      return undefined;
    }
    return (await verifyPassword(password, u.passwordHash)) ? u : undefined;
  }

  async listTokens(): Promise<Omit<TokenRecord, 'digest'>[]> {
    return (await this.settings.tokens()).map(({ digest: _digest, ...rest }) => rest);
  }

  /** Returns the new token itself: the only moment it exists outside the caller's hands. */
  createToken(name: string, role: Role): Promise<{ id: string; token: string }> {
    return this.settings.serial(async () => {
      const tokens = await this.settings.tokens();
      const token = newToken();
      const rec: TokenRecord = { id: randomUUID(), name, role, digest: tokenDigest(token), created: this.now() };
      tokens.push(rec);
      await this.settings.saveTokens(tokens);
      this.index(tokens);
      return { id: rec.id, token };
    });
  }

  revokeToken(id: string): Promise<boolean> {
    return this.settings.serial(async () => {
      const tokens = await this.settings.tokens();
      const kept = tokens.filter((t) => t.id !== id);
      if (kept.length === tokens.length) return false;
      await this.settings.saveTokens(kept);
      this.index(kept);
      return true;
    });
  }

  async listUsers(): Promise<Omit<UserRecord, 'passwordHash'>[]> {
    return (await this.settings.users()).map(({ passwordHash: _hash, ...rest }) => rest);
  }

  /** Creates the user, or sets a new password and role when the name exists. */
  putUser(name: string, role: Role, password: string): Promise<void> {
    return this.settings.serial(async () => {
      const passwordHash = await hashPassword(password);
      const users = (await this.settings.users()).filter((u) => u.name !== name);
      users.push({ name, role, passwordHash, created: this.now() });
      await this.settings.saveUsers(users);
    });
  }

  deleteUser(name: string): Promise<boolean> {
    return this.settings.serial(async () => {
      const users = await this.settings.users();
      const kept = users.filter((u) => u.name !== name);
      if (kept.length === users.length) return false;
      await this.settings.saveUsers(kept);
      return true;
    });
  }
}
