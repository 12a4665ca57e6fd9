import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, organisation, rule, run, T0 } from './events.suite.js';
import model from './new-email-rule.js';

const users = organisation(10);
const history = benignDays(users, 10);
const u = users[0]!.upn;
const t = T0 + 11 * DAY + 10 * HOUR;

describe(model.meta.name, () => {
  test('fires on a rule forwarding mail outside the organisation', () => {
    const r = rule(u, t, 'Invoices', { forwardTo: ['billing@evil-payments.example'] }, undefined, {
      SubjectContainsWords: 'invoice',
    });
    const { breaches } = run([model], [...history, r]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.related).toEqual([{ kind: 'endpoint', id: 'billing@evil-payments.example' }]);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Conditions')!.value).toBe('SubjectContainsWords=invoice');
  });

  test('fires on a rule that marks mail read and moves it away', () => {
    expect(
      run([model], [...history, rule(u, t, '.', { moveToFolder: 'RSS Subscriptions', markAsRead: true })]).breaches,
    ).toHaveLength(1);
  });

  test('stays silent for an ordinary Newsletters rule and for forwarding inside the organisation', () => {
    const news = rule(u, t, 'Newsletters', { moveToFolder: 'Newsletters' }, undefined, { From: 'news@vendor.example' });
    const internal = rule(u, t + HOUR, 'To my deputy', { forwardTo: [users[1]!.upn] });
    expect(run([model], [...history, news, internal]).breaches).toHaveLength(0);
  });
});
