import { describe, expect, test } from 'vitest';
import { admin, benignDays, DAY, HOUR, net, organisation, run, T0 } from './events.suite.js';
import model from './new-application-service-principal.js';

const users = organisation(15);
const history = benignDays(users, 21);
const t = T0 + 22 * DAY + 11 * HOUR;
const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');

describe(model.meta.name, () => {
  test('fires when a non-admin adds an application never seen in the organisation', () => {
    const { breaches } = run(
      [model],
      [...history, admin(users[0]!.upn, t, 'add_service_principal', 'PerfectData Software', vpn)],
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.score).toBeGreaterThan(60);
  });

  test('stays silent for an application already in use, or an admin who does this routinely', () => {
    const itAdmin = users.find((x) => x.admin)!;
    const known = admin(users[0]!.upn, t, 'add_service_principal', 'Zoom', users[0]!.home);
    const routine = admin(itAdmin.upn, t, 'add_service_principal', 'Contoso Travel', itAdmin.home);
    expect(run([model], [...history, known, routine], { learnUntil: t }).breaches).toHaveLength(0);
  });
});
