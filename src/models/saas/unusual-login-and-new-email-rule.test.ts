import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, login, MIN, net, organisation, rule, run, T0, UA } from './events.suite.js';
import inboxRuleHidingMail from './inbox-rule-hiding-mail.js';
import { SAAS } from './names.js';
import newEmailRule from './new-email-rule.js';
import unusualExternalSource from './unusual-external-source.js';
import model from './unusual-login-and-new-email-rule.js';

const users = organisation(12);
const history = benignDays(users, 14);
const u = users[5]!;
const t = T0 + 15 * DAY + 10 * HOUR;
const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');
const models = [unusualExternalSource, newEmailRule, inboxRuleHidingMail, model];

describe(model.meta.name, () => {
  test('fires once when an unusual sign-in is followed by a hiding rule', () => {
    const events = [
      login(u.upn, t, vpn, { ua: UA.python }),
      rule(u.upn, t + 15 * MIN, '.', { moveToFolder: 'RSS Subscriptions', markAsRead: true }, vpn),
    ];
    const { breaches } = run(models, [...history, ...events]);
    expect(breaches.filter((b) => b.model === SAAS.loginAndRule)).toHaveLength(1);
  });

  test('stays silent for the same rule without an unusual sign-in', () => {
    const { breaches } = run(models, [
      ...history,
      rule(u.upn, t, '.', { moveToFolder: 'RSS Subscriptions', markAsRead: true }, u.home),
    ]);
    expect(breaches.some((b) => b.model === SAAS.loginAndRule)).toBe(false);
  });
});
