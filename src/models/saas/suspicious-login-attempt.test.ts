import { describe, expect, test } from 'vitest';
import type { IpContext, SaasLoginEvent } from '../../events/event.js';
import { signInToEvent } from '../../sources/entra/signin-record.js';
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

  /** A Graph signIn record decoded by the real decoder, enriched as the enricher would. */
  function signIn(user: string, time: number, where: IpContext, errorCode: number, failureReason: string) {
    const e = signInToEvent(
      {
        id: `si-${time}`,
        createdDateTime: new Date(time).toISOString(),
        userPrincipalName: user,
        appDisplayName: 'Office 365 Exchange Online',
        ipAddress: where.ip,
        clientAppUsed: 'Browser',
        status: { errorCode, failureReason },
      },
      { input: 'signins.json' },
    ) as SaasLoginEvent;
    e.ipContext = where;
    return e;
  }

  test('stays silent for a morning of MFA and "stay signed in" interrupts, even from a VPN', () => {
    const prompts = Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0
        ? signIn(u.upn, t + i * MIN, u.home, 50074, 'Strong Authentication is required.')
        : signIn(u.upn, t + i * MIN, VPN, 50140, 'Keep me signed in interrupt'),
    );
    expect(prompts.every((e) => e.interrupted === true && !e.success)).toBe(true);
    expect(run([model], [...history, ...prompts]).breaches).toHaveLength(0);
  });

  test('fires on the same decoded records when they are wrong passwords', () => {
    const guesses = Array.from({ length: 8 }, (_, i) =>
      signIn(u.upn, t + i * MIN, u.home, 50126, 'Invalid username or password.'),
    );
    expect(run([model], [...history, ...guesses]).breaches).toHaveLength(1);
  });

  const risky = (e: SaasLoginEvent, riskLevel: string, riskState: string, types: string[] = []): SaasLoginEvent => ({
    ...e,
    riskLevel,
    riskState,
    ...(types.length > 0 ? { riskEventTypes: types } : {}),
  });

  test('fires on a sign-in Entra ID rated high risk, even a successful one from home', () => {
    const e = risky(login(u.upn, t, u.home, { ua: u.ua }), 'high', 'atRisk', [
      'leakedCredentials',
      'unfamiliarFeatures',
    ]);
    const { breaches } = run([model], [...history, e]);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.summary).toMatch(/^Sign-in of .* rated high risk \(atrisk\) by Entra ID: leakedCredentials/);
    expect(breaches[0]!.evidence[0]).toMatchObject({ label: 'Entra ID sign-in risk' });
    const confirmed = risky(login(u.upn, t, u.home, { ua: u.ua }), 'medium', 'confirmedCompromised');
    expect(run([model], [...history, confirmed]).breaches[0]!.score).toBe(55);
  });

  test('stays silent when the rating was dismissed or remediated, or is only medium on a good sign-in', () => {
    for (const [level, state] of [
      ['high', 'dismissed'],
      ['high', 'remediated'],
      ['medium', 'atRisk'],
      ['low', 'atRisk'],
    ] as const) {
      const e = risky(login(u.upn, t, u.home, { ua: u.ua }), level, state);
      expect(run([model], [...history, e]).breaches, `${level} ${state}`).toHaveLength(0);
    }
  });

  test('a burst Entra ID also rated risky scores higher and says so', () => {
    const burst = (level: string) =>
      Array.from({ length: 6 }, (_, i) =>
        risky(login(u.upn, t + i * MIN, u.home, { success: false, ua: u.ua }), level, 'atRisk'),
      );
    const plain = run([model], [...history, ...burst('none')]).breaches;
    const medium = run([model], [...history, ...burst('medium')]).breaches;
    expect(plain).toHaveLength(1);
    expect(medium).toHaveLength(1);
    expect(medium[0]!.score).toBeGreaterThan(plain[0]!.score);
    expect(medium[0]!.summary).toMatch(/Entra ID rated it medium risk/);
  });
});
