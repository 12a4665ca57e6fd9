import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, login, MIN, net, organisation, run, T0, UA } from './events.suite.js';
import composite from './login-from-rare-following-suspicious-login-attempts.js';
import { SAAS } from './names.js';
import suspiciousLoginAttempt from './suspicious-login-attempt.js';
import unusualExternalSource from './unusual-external-source.js';

const users = organisation(12);
const history = benignDays(users, 14);
const u = users[3]!;
const t = T0 + 15 * DAY + 9 * HOUR;
const VPN = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');
const models = [unusualExternalSource, suspiciousLoginAttempt, composite];

describe(composite.meta.name, () => {
  test('fires when failed attempts precede a sign-in from a rare source', () => {
    const failures = Array.from({ length: 6 }, (_, i) =>
      login(u.upn, t + i * MIN, VPN, { success: false, ua: UA.python }),
    );
    const { breaches } = run(models, [...history, ...failures, login(u.upn, t + 10 * MIN, VPN, { ua: UA.python })]);
    expect(breaches.map((b) => b.model)).toEqual([
      SAAS.suspiciousLoginAttempt,
      SAAS.unusualSource,
      SAAS.rareAfterSuspicious,
    ]);
    expect(breaches[2]!.evidence[0]).toMatchObject({ value: 6 });
  });

  test('stays silent for the same rare sign-in without earlier failures', () => {
    const { breaches } = run(models, [...history, login(u.upn, t + 10 * MIN, VPN, { ua: UA.python })]);
    expect(breaches.map((b) => b.model)).toEqual([SAAS.unusualSource]);
  });
});
