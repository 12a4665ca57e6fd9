import { describe, expect, test } from 'vitest';
import { distanceKm } from './country-centroids.js';
import { benignDays, DAY, HOUR, login, net, organisation, run, T0 } from './events.suite.js';
import model from './impossible-travel.js';

const users = organisation(10);
const history = benignDays(users, 7);
const u = users[0]!;
const t = T0 + 8 * DAY + 9 * HOUR;

describe(model.meta.name, () => {
  test('fires on London then the United States an hour later, both on residential networks', () => {
    const us = net('73.15.2.9', 'US', 7922, 'Comcast Cable Communications');
    const { breaches } = run([model], [...history, login(u.upn, t, u.home), login(u.upn, t + HOUR, us)]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.summary).toMatch(/from US 60 minutes after signing in from GB/);
  });

  test('uses sign-in coordinates when the records carry them', () => {
    const be = net('81.82.1.1', 'BE', 6848, 'Telenet BV');
    const us = net('24.13.212.221', 'US', 7922, 'Comcast Cable Communications');
    const { breaches } = run(
      [model],
      [login(u.upn, t, be, { lat: 50.85, lon: 4.35 }), login(u.upn, t + 2 * HOUR, us, { lat: 47.6, lon: -122.3 })],
    );
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Distance')!.baseline).toMatch(/sign-in coordinates/);
  });

  test('stays silent for a flight-length gap and for a VPN exit', () => {
    const pt = net('85.240.1.9', 'PT', 3243, 'MEO');
    const vpn = net('185.220.1.7', 'US', 9009, 'M247', 'vpn');
    expect(run([model], [...history, login(u.upn, t, u.home), login(u.upn, t + 5 * HOUR, pt)]).breaches).toHaveLength(
      0,
    );
    expect(run([model], [...history, login(u.upn, t, u.home), login(u.upn, t + HOUR, vpn)]).breaches).toHaveLength(0);
  });

  test('distance', () => {
    expect(distanceKm(51.5, -0.1, 40.7, -74)).toBeGreaterThan(5500);
    expect(distanceKm(51.5, -0.1, 40.7, -74)).toBeLessThan(5600);
  });
});
