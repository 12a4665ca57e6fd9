import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, login, MIN, net, organisation, run, send, T0, UA } from './events.suite.js';
import { SAAS } from './names.js';
import possibleOutboundEmailSpam from './possible-outbound-email-spam.js';
import unusualExternalSource from './unusual-external-source.js';
import model from './unusual-login-and-outbound-email-spam.js';

const users = organisation(12);
const history = benignDays(users, 14);
const u = users[7]!;
const t = T0 + 15 * DAY + 10 * HOUR;
const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');
const models = [unusualExternalSource, possibleOutboundEmailSpam, model];
const blast = (from: string) => Array.from({ length: 30 }, (_, i) => send(from, t + 30 * MIN + i * MIN, 0, 100, vpn));

describe(model.meta.name, () => {
  test('fires when an unusual sign-in precedes a mail surge', () => {
    const { breaches } = run(models, [...history, login(u.upn, t, vpn, { ua: UA.python }), ...blast(u.upn)]);
    expect(breaches.filter((b) => b.model === SAAS.loginAndSpam)).toHaveLength(1);
  });

  test('stays silent for a surge with no unusual sign-in', () => {
    const { breaches } = run(models, [...history, ...blast(u.upn)]);
    expect(breaches.map((b) => b.model)).toEqual([SAAS.outboundSpam]);
  });
});
