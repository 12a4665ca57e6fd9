import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, organisation, rule, run, T0 } from './events.suite.js';
import model from './inbox-rule-hiding-mail.js';
import { hidingFolder, meaninglessName } from './rule-signals.js';

const users = organisation(10);
const history = benignDays(users, 10);
const u = users[0]!.upn;
const t = T0 + 11 * DAY + 10 * HOUR;

describe(model.meta.name, () => {
  test('fires on a one-letter rule moving mail to RSS Subscriptions', () => {
    const { breaches } = run(
      [model],
      [...history, rule(u, t, 'a', { moveToFolder: 'RSS Subscriptions', markAsRead: true, stopProcessing: true })],
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Hiding traits')!.value).toMatch(
      /meaningless name "a".*RSS Subscriptions.*read/,
    );
  });

  test('fires on a deleting rule into Conversation History', () => {
    expect(
      run([model], [...history, rule(u, t, 'Sync', { moveToFolder: 'Conversation History', delete: true })]).breaches,
    ).toHaveLength(1);
  });

  test('stays silent for Newsletters and for an archive rule with a real name', () => {
    const news = rule(u, t, 'Newsletters', { moveToFolder: 'Newsletters' });
    const receipts = rule(u, t + HOUR, 'Receipts', { moveToFolder: 'Archive' });
    expect(run([model], [...history, news, receipts]).breaches).toHaveLength(0);
  });

  test('name and folder traits', () => {
    for (const n of ['.', 'a', '..', 'xx', 'zzzz', '---', 'qwrt']) expect(meaninglessName(n), n).toBe(true);
    for (const n of ['Newsletters', 'Boss', 'HR', 'VIP', 'Invoices 2026']) expect(meaninglessName(n), n).toBe(false);
    expect(hidingFolder('\\RSS Subscriptions')).toBe(true);
    expect(hidingFolder('RSS Feeds')).toBe(true);
    expect(hidingFolder('Projects')).toBe(false);
  });
});
