import { describe, expect, test } from 'vitest';
import { expectedSteps, incidentsOf, narrativeSteps } from '../src/analyst/testing.js';
import type { Breach } from '../src/models/breach.js';
import {
  accessed,
  admin,
  benignDays,
  consentFlow,
  DAY,
  HOUR,
  login,
  MIN,
  net,
  organisation,
  rule,
  run,
  send,
  T0,
  UA,
} from '../src/models/saas/events.suite.js';
import { SAAS_MODELS } from '../src/models/saas/index.js';
import { SAAS } from '../src/models/saas/names.js';

/**
 * 30 days of ordinary Microsoft 365 life for 36 people (sign-ins from home ISPs and the office,
 * Teams through Azure virtual desktops, mail read and sent, a marketer's daily campaigns, admins
 * maintaining apps), benign look-alikes of each attack step, then two takeovers on day 31.
 */
const users = organisation(36);
const LEARN_UNTIL = T0 + 21 * DAY;
const ATTACK = T0 + 30 * DAY + 9 * HOUR;

const victim = users[1]!; // sales
const second = users[2]!; // finance
const traveller = users[10]!;
const itAdmin = users.find((u) => u.admin)!;
const newsReader = users[12]!;
const marketer = users.find((u) => u.externalPerDay >= 1000)!;

// Enriched by hand as the shipped data has them (test/saas-takeover-raw.test.ts derives them from raw records).
const vpn = net('37.97.122.10', 'NL', 9009, 'M247 Europe SRL', 'hosting');
const nord = net('2.58.36.10', 'DE', 136787, 'PacketHub S.A.', 'vpn');
const lisbon = net('85.240.1.9', 'PT', 3243, 'MEO - Servicos De Comunicacoes E Multimedia, S.A.');

function lookAlikes() {
  const d25 = T0 + 26 * DAY + 9 * HOUR; // a Saturday, the day after the traveller flew out
  return [
    // A trip to Lisbon: sign-in, mail and reading from a Portuguese residential ISP with the usual laptop.
    login(traveller.upn, d25, lisbon, { ua: traveller.ua }),
    accessed(traveller.upn, d25 + 10 * MIN, 40, lisbon),
    send(traveller.upn, d25 + 30 * MIN, 2, 1, lisbon),
    // An admin consenting to an application most colleagues already use.
    ...consentFlow(itAdmin.upn, d25 + 2 * HOUR, 'Zoom', itAdmin.home, [
      'User.Read',
      'Calendars.ReadWrite',
      'OnlineMeetings.ReadWrite',
    ]),
    // An ordinary rule filing newsletters.
    rule(newsReader.upn, d25 + 3 * HOUR, 'Newsletters', { moveToFolder: 'Newsletters' }, newsReader.home, {
      From: 'newsletter@vendor.example',
    }),
    // The marketer's campaign on attack day, as usual.
    ...Array.from({ length: 30 }, (_, i) => send(marketer.upn, ATTACK + i * MIN, 0, 100, marketer.home)),
  ];
}

function takeover() {
  const t = ATTACK;
  const failures = Array.from({ length: 8 }, (_, i) =>
    login(victim.upn, t + i * MIN, vpn, { success: false, ua: UA.python }),
  );
  return [
    ...failures,
    login(victim.upn, t + 10 * MIN, vpn, { ua: UA.firefoxLinux }),
    ...consentFlow(victim.upn, t + 20 * MIN, 'PerfectData Software', vpn, [
      'Mail.ReadWrite',
      'Mail.Send',
      'offline_access',
    ]),
    rule(
      victim.upn,
      t + 30 * MIN,
      '.',
      { moveToFolder: 'RSS Subscription', markAsRead: true, stopProcessing: true },
      vpn,
    ),
    ...Array.from({ length: 40 }, (_, i) =>
      send(victim.upn, t + HOUR + i * MIN, 0, 100, vpn, ['Remittance_Advice.html']),
    ),
  ];
}

function appRegistration() {
  const t = ATTACK + 3 * HOUR;
  const app = 'Newsletter Software Supermailer';
  return [
    login(second.upn, t, nord, { ua: second.ua }),
    admin(second.upn, t + 5 * MIN, 'add_application', app, nord),
    admin(second.upn, t + 6 * MIN, 'add_service_principal', app, nord),
    admin(second.upn, t + 7 * MIN, 'credentials_added', app, nord),
  ];
}

function byUser(breaches: Breach[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const b of breaches) {
    const s = m.get(b.entity.id) ?? new Set<string>();
    s.add(b.model);
    m.set(b.entity.id, s);
  }
  return m;
}

describe('Microsoft 365 account takeover, end to end', () => {
  const events = [...benignDays(users, 31), ...lookAlikes(), ...takeover(), ...appRegistration()].sort(
    (a, b) => a.time - b.time,
  );
  const { breaches } = run(SAAS_MODELS, events, { learnUntil: LEARN_UNTIL });
  const fired = byUser(breaches);

  test('every step of the takeover is seen and tied to the victim', () => {
    expect([...(fired.get(victim.upn) ?? [])].sort()).toEqual(
      [
        SAAS.suspiciousLoginAttempt,
        SAAS.unusualSource,
        SAAS.rareAfterSuspicious,
        SAAS.oauthGrant,
        SAAS.newServicePrincipal,
        SAAS.loginAfterOauth,
        SAAS.newEmailRule,
        SAAS.hidingRule,
        SAAS.loginAndRule,
        SAAS.unusualLocationEmail,
        SAAS.outboundSpam,
        SAAS.loginAndSpam,
        SAAS.suspiciousLoginAndEmail,
      ].sort(),
    );
  });

  test('the VPN sign-in and app registration of the second user', () => {
    expect([...(fired.get(second.upn) ?? [])].sort()).toEqual(
      [SAAS.unusualSource, SAAS.newServicePrincipal, SAAS.azureAppAdmin].sort(),
    );
  });

  test('everyone else stays quiet, benign look-alikes included', () => {
    const others = breaches
      .filter((b) => b.entity.id !== victim.upn && b.entity.id !== second.upn)
      .map((b) => `${b.entity.id} ${b.model} ${b.summary}`);
    expect(others).toEqual([]);
  });

  test('breaches explain themselves with the baseline numbers and the learning period', () => {
    const unusual = breaches.find((b) => b.model === SAAS.unusualSource && b.entity.id === victim.upn)!;
    expect(unusual.evidence.find((e) => e.label === 'Learning period')!.value).toMatch(/^3\d\.\d days of history/);
    expect(unusual.evidence.find((e) => e.label === 'Network (ASN)')!.baseline).toMatch(
      /new for this user.*0 of 36 other users/,
    );
    const spam = breaches.find((b) => b.model === SAAS.outboundSpam)!;
    expect(spam.evidence[0]!.baseline).toMatch(/busiest earlier day \d+/);
    for (const b of breaches) expect(b.mitre.length).toBeGreaterThan(0);
  });
});

describe('Microsoft 365 account takeover, end to end: incidents from the analyst', () => {
  const events = [...benignDays(users, 31), ...lookAlikes(), ...takeover(), ...appRegistration()].sort(
    (a, b) => a.time - b.time,
  );
  const { breaches } = run(SAAS_MODELS, events, { learnUntil: LEARN_UNTIL });
  const incidents = incidentsOf(breaches);
  const incidentOf = (upn: string) => incidents.filter((i) => i.entities.some((e) => e.id === upn));

  test('one incident per attacked user, holding all its breaches and only its own entities', () => {
    // Both attacks fall on the same morning (09:00-10:40 and 12:00-12:07) and share nothing.
    expect(incidents).toHaveLength(2);
    for (const upn of [victim.upn, second.upn]) {
      expect(incidentOf(upn), upn).toHaveLength(1);
      const inc = incidentOf(upn)[0]!;
      const own = breaches.filter((b) => b.entity.id === upn);
      expect([...inc.breaches].sort()).toEqual(own.map((b) => b.id).sort());
      expect(inc.entities.filter((e) => e.kind === 'user')).toEqual([{ kind: 'user', id: upn }]);
    }
    expect(incidentOf(victim.upn)[0]!.breaches).toHaveLength(13);
    expect(incidentOf(second.upn)[0]!.breaches).toHaveLength(3);
    const benign = new Set([traveller.upn, itAdmin.upn, newsReader.upn, marketer.upn]);
    for (const inc of incidents) for (const e of inc.entities) expect(benign.has(e.id), e.id).toBe(false);
    // The attackers' VPN addresses and the consented application are the victim's, not the look-alikes'.
    expect(incidentOf(victim.upn)[0]!.entities).toEqual(
      expect.arrayContaining([{ kind: 'endpoint', id: vpn.ip }, expect.objectContaining({ kind: 'app' })]),
    );
  });

  test('the narrative tells every step in event-time order, numbered', () => {
    for (const upn of [victim.upn, second.upn]) {
      const inc = incidentOf(upn)[0]!;
      const steps = narrativeSteps(inc.summary);
      expect(steps.map((s) => s.n)).toEqual(steps.map((_, i) => i + 1));
      expect(steps.map((s) => s.model)).toEqual(expectedSteps(breaches.filter((b) => b.entity.id === upn)));
      expect(steps.map((s) => s.time)).toEqual([...steps.map((s) => s.time)].sort());
    }
    const takeoverSteps = narrativeSteps(incidentOf(victim.upn)[0]!.summary).map((s) => s.model);
    expect(takeoverSteps).toHaveLength(13);
    // The failed attempts open it; the sign-in precedes the consent, which precedes the rule and the spam.
    expect(takeoverSteps[0]).toBe(SAAS.suspiciousLoginAttempt);
    expect(takeoverSteps.indexOf(SAAS.unusualSource)).toBeLessThan(takeoverSteps.indexOf(SAAS.oauthGrant));
    expect(takeoverSteps.indexOf(SAAS.oauthGrant)).toBeLessThan(takeoverSteps.indexOf(SAAS.hidingRule));
    expect(takeoverSteps.indexOf(SAAS.hidingRule)).toBeLessThan(takeoverSteps.indexOf(SAAS.outboundSpam));
    expect(incidentOf(victim.upn)[0]!.summary).not.toMatch(/more breaches/);
  });
});
