import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { AUDIT_PAGE, type AuditEntry, ServerSettings } from './settings.js';

const entry = (i: number): AuditEntry => ({ time: i, actor: 'admin', action: 'model.update', target: `m${i}` });

describe('the audit log in the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('keeps every entry, newest first, paged across its stored pages', async () => {
    const settings = new ServerSettings(store, () => 0);
    const n = 2 * AUDIT_PAGE + 3;
    for (let i = 0; i < n; i++) await settings.appendAudit(entry(i));
    const newest = await settings.audit(3);
    expect(newest.total).toBe(n);
    expect(newest.entries.map((e) => e.time)).toEqual([n - 1, n - 2, n - 3]);
    // Across the boundary between the first and the second stored page.
    const across = await settings.audit(4, n - AUDIT_PAGE - 2);
    expect(across.entries.map((e) => e.time)).toEqual([AUDIT_PAGE + 1, AUDIT_PAGE, AUDIT_PAGE - 1, AUDIT_PAGE - 2]);
    const oldest = await settings.audit(10, n - 3);
    expect(oldest.entries.map((e) => e.time)).toEqual([2, 1, 0]);
    expect((await settings.audit(10, n)).entries).toEqual([]);
  });

  it('takes over a log written as one snapshot by an earlier version', async () => {
    await store.saveSnapshot('server.audit', 0, [entry(0), entry(1)]);
    const settings = new ServerSettings(store, () => 0);
    await settings.appendAudit(entry(2));
    const all = await settings.audit(10);
    expect(all.total).toBe(3);
    expect(all.entries.map((e) => e.time)).toEqual([2, 1, 0]);
  });
});
