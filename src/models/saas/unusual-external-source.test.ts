import { describe, expect, test } from 'vitest';
import { benignDays, DAY, HOUR, login, net, OFFICE, organisation, run, T0, UA } from './events.suite.js';
import model from './unusual-external-source.js';

const users = organisation(15);
const history = benignDays(users, 21);
const victim = users[1]!;
const day = T0 + 22 * DAY + 10 * HOUR;
const VPN = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');

describe(model.meta.name, () => {
  test('fires on a sign-in from a VPN exit the organisation never uses', () => {
    const { breaches } = run([model], [...history, login(victim.upn, day, VPN, { ua: UA.python })]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.entity).toEqual({ kind: 'user', id: victim.upn });
    expect(breaches[0]!.evidence.map((e) => e.label)).toContain('Learning period');
    expect(JSON.stringify(breaches[0]!.evidence)).toMatch(/0 of 15 other users/);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Department peers')!.value).toMatch(
      /^0 of 2 peers in finance used NL$/,
    );
    expect(breaches[0]!.evidence.find((e) => e.label === 'Hour of day (UTC)')!.baseline).toMatch(
      /^\d+ of \d+ earlier sign-ins/,
    );
  });

  test('fires on a new country, network and device together', () => {
    const abroad = net('41.203.64.5', 'NG', 29465, 'MTN Nigeria', 'isp');
    const { breaches } = run([model], [...history, login(victim.upn, day, abroad, { ua: UA.firefoxLinux })]);
    expect(breaches).toHaveLength(1);
  });

  test('stays silent for a trip abroad on a residential ISP with the usual device', () => {
    const hotel = net('85.240.1.9', 'PT', 3243, 'MEO - Servicos De Comunicacoes E Multimedia', 'isp');
    const { breaches } = run([model], [...history, login(victim.upn, day, hotel, { ua: victim.ua })]);
    expect(breaches).toHaveLength(0);
  });

  test('stays silent for a new country where department peers already sign in', () => {
    const abroad = net('41.203.64.5', 'NG', 29465, 'MTN Nigeria', 'isp');
    const peer = users.find((x) => x.department === victim.department && x.upn !== victim.upn)!;
    const peerTrip = login(peer.upn, day - 2 * DAY, abroad, { ua: peer.ua });
    const { breaches } = run([model], [...history, peerTrip, login(victim.upn, day, abroad, { ua: UA.firefoxLinux })]);
    expect(breaches).toHaveLength(0);
  });

  test('stays silent on a hosting network the organisation uses every day', () => {
    const { breaches } = run([model], [...history, login(victim.upn, day, OFFICE, { ua: victim.ua })]);
    expect(breaches).toHaveLength(0);
  });

  test('stays silent while the user is still being learned', () => {
    const { breaches } = run([model], [...benignDays(users, 3), login(victim.upn, T0 + 3 * DAY, VPN)]);
    expect(breaches).toHaveLength(0);
  });

  test('a sign-in Entra ID also rated high risk is stronger evidence: higher score, and the rating in the evidence', () => {
    const plain = login(victim.upn, day, VPN, { ua: victim.ua });
    const rated = { ...plain, riskLevel: 'high', riskState: 'atRisk', riskEventTypes: ['anonymizedIPAddress'] };
    const [a] = run([model], [...history, plain]).breaches;
    const [b] = run([model], [...history, rated]).breaches;
    expect(b!.score).toBe(a!.score + 15);
    expect(b!.evidence.find((e) => e.label === 'Entra ID sign-in risk')!.value).toBe(
      'high (atrisk): anonymizedIPAddress',
    );
    expect(a!.evidence.some((e) => e.label === 'Entra ID sign-in risk')).toBe(false);
  });
});
