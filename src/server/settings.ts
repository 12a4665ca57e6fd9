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

/**
 * Audit entries per stored page: an append rewrites one page, never the whole log. Nothing is
 * dropped: the audit log is kept in the store for as long as the store is (each entry also goes to
 * the server log).
 */
export const AUDIT_PAGE = 200;

const KEYS = {
  users: 'server.users',
  tokens: 'server.tokens',
  models: 'server.models',
  /** How many audit pages and entries there are (an array here is the older single-snapshot log). */
  audit: 'server.audit',
} as const;

const auditPageKey = (n: number) => `${KEYS.audit}.${n}`;

interface AuditIndex {
  pages: number;
  entries: number;
}

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

  /** The audit index, first moving an older single-snapshot log into page 0. */
  private async auditIndex(): Promise<AuditIndex> {
    const state = await this.read<AuditIndex | AuditEntry[] | undefined>(KEYS.audit, undefined);
    if (state === undefined) return { pages: 0, entries: 0 };
    if (!Array.isArray(state)) return state;
    const index = { pages: 1, entries: state.length };
    await this.write(auditPageKey(0), state);
    await this.write(KEYS.audit, index);
    return index;
  }

  /** Entries newest first, skipping `offset`, with how many there are in all. */
  async audit(limit: number, offset = 0): Promise<{ entries: AuditEntry[]; total: number }> {
    const index = await this.serial(() => this.auditIndex());
    const entries: AuditEntry[] = [];
    let skip = offset;
    for (let p = index.pages - 1; p >= 0 && entries.length < limit; p--) {
      const page = await this.read<AuditEntry[]>(auditPageKey(p), []);
      if (skip >= page.length) {
        skip -= page.length;
        continue;
      }
      const newestFirst = page.slice(0, page.length - skip).reverse();
      skip = 0;
      entries.push(...newestFirst.slice(0, limit - entries.length));
    }
    return { entries, total: index.entries };
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.serial(async () => {
      const index = await this.auditIndex();
      const last = index.pages > 0 ? await this.read<AuditEntry[]>(auditPageKey(index.pages - 1), []) : undefined;
      if (last === undefined || last.length >= AUDIT_PAGE) {
        index.pages++;
        await this.write(auditPageKey(index.pages - 1), [entry]);
      } else {
        last.push(entry);
        await this.write(auditPageKey(index.pages - 1), last);
      }
      index.entries++;
      await this.write(KEYS.audit, index);
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
