import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, login, MIN, net, organisation, run, T0 } from './events.suite.js';
import model from './suspicious-login-attempt.js';

const users = organisation(12);
const history = benignDays(users, 14);
const u = users[2]!;
const t = T0 + 15 * DAY + 9 * HOUR;
const VPN = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');

describe(model.meta.name, () => {
  test('fires once on a burst of failures from home', () => {
    const burst = Array.from({ length: 8 }, (_, i) => login(u.upn, t + i * MIN, u.home, { success: false, ua: u.ua }));
    const { breaches } = run([model], [...history, ...burst]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence[0]).toMatchObject({ value: 5 });
  });

  test('fires on a single failure from a VPN exit new to the user and rare in the organisation', () => {
    const { breaches } = run([model], [...history, login(u.upn, t, VPN, { success: false })]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.summary).toMatch(/vpn network/);
  });

  test('stays silent for a couple of mistyped passwords at home', () => {
    const typos = [
      login(u.upn, t, u.home, { success: false, ua: u.ua }),
      login(u.upn, t + MIN, u.home, { success: false, ua: u.ua }),
    ];
    expect(run([model], [...history, ...typos]).breaches).toHaveLength(0);
  });
});
