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

  test('fires when a sprayed user with a single failure then signs in from the spraying IP', () => {
    const spray = users.map((v, i) => login(v.upn, t + i * MIN, VPN, { success: false, ua: UA.python }));
    const { breaches } = run(models, [...history, ...spray, login(u.upn, t + 30 * MIN, VPN, { ua: UA.python })]);
    const hinge = breaches.filter((b) => b.model === SAAS.rareAfterSuspicious);
    expect(hinge).toHaveLength(1);
    expect(hinge[0]!.entity).toEqual({ kind: 'user', id: u.upn });
    expect(hinge[0]!.evidence[0]).toMatchObject({ value: 1 });
    expect(hinge[0]!.summary).toMatch(/12 users failed to sign in from 185\.220\.1\.7/);
    expect(hinge[0]!.related).toContainEqual({ kind: 'user', id: users[0]!.upn });
  });

  test('stays silent after one mistyped password from a rare residential source nobody else failed from', () => {
    const abroad = net('85.240.1.9', 'PT', 3243, 'MEO - Servicos De Comunicacoes E Multimedia, S.A.');
    const { breaches } = run(models, [
      ...history,
      login(u.upn, t, abroad, { success: false, ua: UA.python }),
      login(u.upn, t + 2 * MIN, abroad, { ua: UA.python }),
    ]);
    expect(breaches.map((b) => b.model)).toEqual([SAAS.unusualSource]);
  });
});
