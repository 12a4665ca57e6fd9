import type { ModelOverrides } from '../engine/detector.js';
import type { Store } from '../store/store.js';
import type { Role } from './roles.js';

export interface UserRecord {
  name: string;
  role: Role;
  /** scrypt hash (auth/password.ts); never the password. */
  passwordHash: string;
  created: number;
}

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  /** sha256 of the token (auth/token.ts); the token itself is shown once and never stored. */
  digest: string;
  created: number;
}

export interface AuditEntry {
  time: number;
  actor: string;
  /** What was done, e.g. "action.confirm", "model.update", "token.create". */
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** Oldest audit entries beyond this are dropped from the store copy (each entry is also logged). */
const AUDIT_KEEP = 10_000;

const KEYS = {
  users: 'server.users',
  tokens: 'server.tokens',
  models: 'server.models',
  audit: 'server.audit',
} as const;

/**
 * Server-side settings kept in the store as named snapshots (name -> latest JSON), so every Store
 * implementation carries them without schema changes: users, API token digests, per-model
 * overrides set from the UI, and the audit log of changes.
 */
export class ServerSettings {
  /** Read-modify-write steps run one at a time so that concurrent requests do not lose updates. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read<T>(key: string, empty: T): Promise<T> {
    const snap = await this.store.loadSnapshot(key);
    return snap === undefined ? empty : (snap.state as T);
  }

  private write(key: string, value: unknown): Promise<void> {
    return this.store.saveSnapshot(key, this.now(), value);
  }

  users(): Promise<UserRecord[]> {
    return this.read<UserRecord[]>(KEYS.users, []);
  }
  saveUsers(users: UserRecord[]): Promise<void> {
    return this.write(KEYS.users, users);
  }

  tokens(): Promise<TokenRecord[]> {
    return this.read<TokenRecord[]>(KEYS.tokens, []);
  }
  saveTokens(tokens: TokenRecord[]): Promise<void> {
    return this.write(KEYS.tokens, tokens);
  }

  models(): Promise<Record<string, ModelOverrides>> {
    return loadModelOverrides(this.store);
  }
  saveModels(models: Record<string, ModelOverrides>): Promise<void> {
    return this.write(KEYS.models, models);
  }

  audit(): Promise<AuditEntry[]> {
    return this.read<AuditEntry[]>(KEYS.audit, []);
  }
  appendAudit(entry: AuditEntry): Promise<void> {
    return this.serial(async () => {
      const log = await this.audit();
      log.push(entry);
      await this.write(KEYS.audit, log.length > AUDIT_KEEP ? log.slice(log.length - AUDIT_KEEP) : log);
    });
  }
}

/**
 * Model overrides set from the UI or API (enable/disable, thresholds, allow-lists), for the
 * engine to merge over the config file's `models` section.
 */
export async function loadModelOverrides(store: Store): Promise<Record<string, ModelOverrides>> {
  const snap = await store.loadSnapshot(KEYS.models);
  return snap === undefined ? {} : (snap.state as Record<string, ModelOverrides>);
}
