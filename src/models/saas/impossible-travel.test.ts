import { describe, expect, test } from 'vitest';
import { distanceKm } from './country-centroids.js';
import { benignDays, DAY, HOUR, login, MIN, net, organisation, run, T0 } from './events.suite.js';
import model from './impossible-travel.js';

const users = organisation(10);
const history = benignDays(users, 7);
const u = users[0]!;
const t = T0 + 8 * DAY + 9 * HOUR;
const us = net('73.15.2.9', 'US', 7922, 'Comcast Cable Communications');

describe(model.meta.name, () => {
  test('fires on London then the United States an hour later, both on residential networks', () => {
    const { breaches } = run([model], [...history, login(u.upn, t, u.home), login(u.upn, t + HOUR, us)]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.summary).toMatch(/from US 60 minutes after signing in from GB/);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Distance')!.baseline).toMatch(/400 \+ 400 km of geo-IP/);
  });

  test('uses sign-in coordinates when the records carry them', () => {
    const be = net('81.82.1.1', 'BE', 6848, 'Telenet BV');
    const { breaches } = run(
      [model],
      [
        ...history,
        login(u.upn, t, be, { lat: 50.85, lon: 4.35 }),
        login(u.upn, t + 2 * HOUR, us, { lat: 47.6, lon: -122.3 }),
      ],
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Distance')!.baseline).toMatch(/sign-in coordinates/);
  });

  test('one breach per episode: the attacker signing in again and the owner returning add none', () => {
    const { breaches } = run(
      [model],
      [
        ...history,
        login(u.upn, t, u.home),
        login(u.upn, t + HOUR, us),
        login(u.upn, t + HOUR, us),
        login(u.upn, t + 2 * HOUR, u.home),
        login(u.upn, t + 3 * HOUR, us),
      ],
    );
    expect(breaches).toHaveLength(1);
  });

  test('stays silent for a flight-length gap and for a VPN exit', () => {
    const pt = net('85.240.1.9', 'PT', 3243, 'MEO');
    const vpn = net('185.220.1.7', 'US', 9009, 'M247', 'vpn');
    expect(run([model], [...history, login(u.upn, t, u.home), login(u.upn, t + 5 * HOUR, pt)]).breaches).toHaveLength(
      0,
    );
    expect(run([model], [...history, login(u.upn, t, u.home), login(u.upn, t + HOUR, vpn)]).breaches).toHaveLength(0);
  });

  test('stays silent between neighbouring cities a short hop apart: within the geo-IP uncertainty', () => {
    // Brussels to Amsterdam (~175 km) in 10 minutes: geo-IP cannot tell them apart that well.
    const be = net('81.82.1.1', 'BE', 6848, 'Telenet BV');
    const nl = net('84.80.1.1', 'NL', 1136, 'KPN B.V.');
    const { breaches } = run(
      [model],
      [
        ...history,
        login(u.upn, t, be, { lat: 50.85, lon: 4.35 }),
        login(u.upn, t + 10 * MIN, nl, { lat: 52.37, lon: 4.9 }),
      ],
    );
    expect(breaches).toHaveLength(0);
  });

  test("stays silent for a phone whose carrier exits far away, when that network is one of the user's own", () => {
    const carrier = net('83.32.1.9', 'ES', 3352, 'Telefonica De Espana S.A.U.');
    const v = users[3]!;
    const phone = [];
    for (let d = 0; d < 7; d++) phone.push(login(v.upn, T0 + d * DAY + 12 * HOUR, carrier, { app: 'Outlook Mobile' }));
    const events = [...history, ...phone, login(v.upn, t, v.home), login(v.upn, t + 20 * MIN, carrier)].sort(
      (a, b) => a.time - b.time,
    );
    expect(run([model], events).breaches).toHaveLength(0);
    // The same jump for a colleague who never used that network does fire.
    const w = users[4]!;
    const other = [...history, login(w.upn, t, w.home), login(w.upn, t + 20 * MIN, { ...carrier, ip: '83.32.2.9' })];
    expect(run([model], other).breaches).toHaveLength(1);
  });

  test('stays silent for a user with too little history to know where they are', () => {
    const { breaches } = run([model], [login(u.upn, t, u.home), login(u.upn, t + HOUR, us)]);
    expect(breaches).toHaveLength(0);
  });

  test('distance', () => {
    expect(distanceKm(51.5, -0.1, 40.7, -74)).toBeGreaterThan(5500);
    expect(distanceKm(51.5, -0.1, 40.7, -74)).toBeLessThan(5600);
  });
});
