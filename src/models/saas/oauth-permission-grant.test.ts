import { describe, expect, test } from 'vitest';
import { benignDays, consentFlow, DAY, HOUR, net, organisation, run, T0 } from './events.suite.js';
import model from './oauth-permission-grant.js';

const users = organisation(15);
const history = benignDays(users, 21);
const t = T0 + 22 * DAY + 11 * HOUR;
const itAdmin = users.find((x) => x.admin)!;
const sales = users[0]!;

describe(model.meta.name, () => {
  test('fires once when a user grants mail access to an application nobody else uses', () => {
    const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');
    const { breaches } = run(
      [model],
      [...history, ...consentFlow(sales.upn, t, 'PerfectData Software', vpn, ['Mail.ReadWrite', 'offline_access'])],
      { learnUntil: t },
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.summary).toMatch(/PerfectData Software/);
    expect(breaches[0]!.related).toContainEqual({ kind: 'app', id: 'app-perfectdata-software' });
  });

  test('stays silent when an admin consents to an application many colleagues already use', () => {
    const { breaches } = run(
      [model],
      [...history, ...consentFlow(itAdmin.upn, t, 'Zoom', itAdmin.home, ['User.Read', 'Calendars.ReadWrite'])],
      { learnUntil: t },
    );
    expect(breaches).toHaveLength(0);
  });
});
