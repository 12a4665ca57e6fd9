import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, login, MIN, net, organisation, run, send, T0 } from './events.suite.js';
import model from './unusual-location-for-saas-and-email-activity.js';

const users = organisation(12);
const history = benignDays(users, 14);
const u = users[4]!;
const t = T0 + 15 * DAY + 9 * HOUR;

describe(model.meta.name, () => {
  test('fires on mail sent from a VPN exit first used minutes ago', () => {
    const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');
    const { breaches } = run(
      [model],
      [...history, login(u.upn, t, vpn), send(u.upn, t + 5 * MIN, 0, 3, vpn), send(u.upn, t + 9 * MIN, 0, 3, vpn)],
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Operation')!.value).toBe('Send');
  });

  test('fires on mailbox activity from a country and network with no sign-in at all (replayed session)', () => {
    const elsewhere = net('41.203.64.5', 'NG', 29465, 'MTN Nigeria');
    expect(run([model], [...history, send(u.upn, t, 0, 2, elsewhere)]).breaches).toHaveLength(1);
  });

  test('stays silent for mail sent abroad after signing in there on a residential ISP', () => {
    const hotel = net('85.240.1.9', 'PT', 3243, 'MEO', 'isp');
    const { breaches } = run(
      [model],
      [...history, login(u.upn, t, hotel, { ua: u.ua }), send(u.upn, t + 5 * MIN, 0, 2, hotel)],
    );
    expect(breaches).toHaveLength(0);
  });
});
