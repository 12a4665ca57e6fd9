import { describe, expect, test } from 'vitest';
import { benignDays, consentFlow, DAY, HOUR, login, MIN, net, organisation, run, T0, UA } from './events.suite.js';
import { SAAS } from './names.js';
import oauthPermissionGrant from './oauth-permission-grant.js';
import unusualExternalSource from './unusual-external-source.js';
import model from './unusual-login-following-oauth-grant.js';

const users = organisation(15);
const history = benignDays(users, 21);
const u = users[6]!;
const t = T0 + 22 * DAY + 11 * HOUR;
const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');
const models = [unusualExternalSource, oauthPermissionGrant, model];

describe(model.meta.name, () => {
  test('fires when an unusual sign-in and a rare grant come together', () => {
    const events = [
      login(u.upn, t, vpn, { ua: UA.python }),
      ...consentFlow(u.upn, t + 20 * MIN, 'Newsletter Software Supermailer', vpn, ['Mail.Send']),
    ];
    const { breaches } = run(models, [...history, ...events], { learnUntil: t });
    expect(breaches.filter((b) => b.model === SAAS.loginAfterOauth)).toHaveLength(1);
  });

  test('stays silent for a rare grant with no unusual sign-in', () => {
    const { breaches } = run(
      models,
      [...history, ...consentFlow(u.upn, t, 'Newsletter Software Supermailer', u.home, ['Mail.Send'])],
      { learnUntil: t },
    );
    expect(breaches.map((b) => b.model)).toEqual([SAAS.oauthGrant]);
  });
});
