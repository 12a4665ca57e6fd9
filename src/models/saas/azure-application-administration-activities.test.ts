import { describe, expect, test } from 'vitest';
import model from './azure-application-administration-activities.js';
import { admin, benignDays, DAY, HOUR, MIN, net, organisation, run, T0 } from './events.suite.js';

const users = organisation(15);
const history = benignDays(users, 21);
const t = T0 + 22 * DAY + 11 * HOUR;
const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');

describe(model.meta.name, () => {
  test('fires once when a user with no history registers an application and adds a secret', () => {
    const u = users[1]!.upn;
    const { breaches } = run(
      [model],
      [
        ...history,
        admin(u, t, 'add_application', 'Mail Sync', vpn),
        admin(u, t + MIN, 'credentials_added', 'Mail Sync', vpn),
      ],
      { learnUntil: t },
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Earlier application administration')!.value).toBe(0);
  });

  test('stays silent for an admin who updates applications every week', () => {
    const itAdmin = users.find((x) => x.admin)!;
    const { breaches } = run(
      [model],
      [...history, admin(itAdmin.upn, t, 'update_application', 'Contoso HR Portal', itAdmin.home)],
      { learnUntil: t },
    );
    expect(breaches).toHaveLength(0);
  });
});
