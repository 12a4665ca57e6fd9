import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, login, MIN, net, organisation, run, send, T0, ualSend } from './events.suite.js';
import { SAAS } from './names.js';
import model from './suspicious-login-and-suspicious-outbound-emails.js';
import suspiciousLoginAttempt from './suspicious-login-attempt.js';

const users = organisation(12);
const history = benignDays(users, 14);
const u = users[8]!;
const t = T0 + 15 * DAY + 10 * HOUR;
const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');
const models = [suspiciousLoginAttempt, model];

describe(model.meta.name, () => {
  test('fires when failed attempts are followed by external mail with an HTML attachment', () => {
    const failures = Array.from({ length: 6 }, (_, i) => login(u.upn, t + i * MIN, vpn, { success: false }));
    const { breaches } = run(models, [
      ...history,
      ...failures,
      send(u.upn, t + HOUR, 0, 40, vpn, ['Payment_Advice.htm']),
    ]);
    expect(breaches.map((b) => b.model)).toEqual([SAAS.suspiciousLoginAttempt, SAAS.suspiciousLoginAndEmail]);
  });

  test('stays silent for the same attachment without suspicious sign-ins, or a PDF after them', () => {
    const failures = Array.from({ length: 6 }, (_, i) => login(u.upn, t + i * MIN, vpn, { success: false }));
    expect(
      run(models, [...history, send(u.upn, t + HOUR, 0, 40, u.home, ['Payment_Advice.htm'])]).breaches,
    ).toHaveLength(0);
    const after = run(models, [...history, ...failures, send(u.upn, t + HOUR, 0, 2, u.home, ['minutes.pdf'])]).breaches;
    expect(after.map((b) => b.model)).toEqual([SAAS.suspiciousLoginAttempt]);
  });

  test('fires on an audit Send record (no recipient list) carrying an HTML attachment after failed attempts', () => {
    const failures = Array.from({ length: 6 }, (_, i) => login(u.upn, t + i * MIN, vpn, { success: false }));
    const { breaches } = run(models, [...history, ...failures, ualSend(u.upn, t + HOUR, vpn, ['Payment_Advice.htm'])]);
    expect(breaches.map((b) => b.model)).toEqual([SAAS.suspiciousLoginAttempt, SAAS.suspiciousLoginAndEmail]);
    expect(breaches[1]!.summary).toMatch(/recipients not in the audit record/);
  });

  test('stays silent when the mail is known to have gone to colleagues only, or the audit Send carries a PDF', () => {
    const failures = Array.from({ length: 6 }, (_, i) => login(u.upn, t + i * MIN, vpn, { success: false }));
    const internalOnly = run(models, [...history, ...failures, send(u.upn, t + HOUR, 3, 0, vpn, ['agenda.html'])]);
    expect(internalOnly.breaches.map((b) => b.model)).toEqual([SAAS.suspiciousLoginAttempt]);
    const pdf = run(models, [...history, ...failures, ualSend(u.upn, t + HOUR, vpn, ['minutes.pdf'])]);
    expect(pdf.breaches.map((b) => b.model)).toEqual([SAAS.suspiciousLoginAttempt]);
  });
});
