import { describe, expect, test } from 'vitest';
import {
  accessed,
  admin,
  appIdOf,
  DAY,
  directory,
  HOUR,
  login,
  net,
  rule,
  send,
  T0,
} from '../../models/saas/events.suite.js';
import { DEFAULT_BASELINE_OPTIONS } from '../component.js';
import { Prevalence } from '../prevalence.js';
import { IdentityBaseline } from './index.js';
import { IDENTITY_PREVALENCE } from './keys.js';

function baseline() {
  const prevalence = new Prevalence({ windowMs: DEFAULT_BASELINE_OPTIONS.learningWindowMs });
  return new IdentityBaseline(DEFAULT_BASELINE_OPTIONS, prevalence);
}

const home = net('81.2.10.5', 'GB', 2856, 'British Telecommunications PLC');
const vpn = net('185.220.1.7', 'NL', 9009, 'M247 Europe SRL', 'vpn');

describe('IdentityBaseline', () => {
  test('learns countries, networks, ranges, user agents, apps and hours per user, and org-wide rarity', () => {
    const b = baseline();
    b.observe(login('ann@c.com', T0 + 9 * HOUR, home));
    b.observe(login('ann@c.com', T0 + DAY + 9 * HOUR, home, { app: 'Zoom' }));
    b.observe(login('bob@c.com', T0 + 10 * HOUR, home));
    const p = b.profile('ann@c.com')!;
    expect([...p.countries.keys()]).toEqual(['GB']);
    expect([...p.asns.keys()]).toEqual(['2856']);
    expect([...p.ranges.keys()]).toEqual(['81.2.10.0/24']);
    expect(p.userAgents.size).toBe(1);
    // Applications are counted by their client id, which sign-ins and admin records share.
    expect([...p.apps.keys()].sort()).toEqual([appIdOf('Office 365 Exchange Online'), appIdOf('Zoom')]);
    expect(p.hours[9]).toBe(2);
    expect(b.historyDays('ann@c.com', T0 + 2 * DAY)).toBeCloseTo(1.625, 2);
    expect(b.orgPrevalence(IDENTITY_PREVALENCE.asn, '2856', T0 + DAY).touchers).toBe(2);
    expect(b.orgPrevalence(IDENTITY_PREVALENCE.app, appIdOf('Zoom'), T0 + DAY).touchers).toBe(1);
    // The same application under another display name (admin records and sign-ins differ) is not new.
    const renamed = admin('bob@c.com', T0 + DAY, 'consent', 'Zoom Video Communications', home);
    renamed.targetApp = { id: appIdOf('Zoom'), name: 'Zoom Video Communications' };
    b.observe(renamed);
    expect(b.orgPrevalence(IDENTITY_PREVALENCE.app, appIdOf('Zoom'), T0 + DAY).touchers).toBe(2);
  });

  test('keeps failed logins per user and per source IP', () => {
    const b = baseline();
    for (let i = 0; i < 5; i++) b.observe(login(`u${i}@c.com`, T0 + i * 60_000, vpn, { success: false }));
    b.observe(login('u0@c.com', T0 + 10 * 60_000, vpn, { success: false }));
    expect(b.failuresSince('u0@c.com', T0)).toHaveLength(2);
    expect(b.failuresSince('u0@c.com', T0 + 5 * 60_000)).toHaveLength(1);
    expect(b.usersFailingFromIp(vpn.ip, T0).size).toBe(5);
    expect(b.profile('u0@c.com')!.logins).toBe(0);
  });

  test('daily mail volumes, admin habits, rules and directory peers', () => {
    const b = baseline();
    b.observe(directory('ann@c.com', 'Sales'));
    b.observe(directory('bob@c.com', 'sales'));
    b.observe(directory('cat@c.com', 'Finance'));
    b.observe(send('ann@c.com', T0 + HOUR, 2, 10));
    b.observe(send('ann@c.com', T0 + 2 * HOUR, 1, 30));
    b.observe(accessed('ann@c.com', T0 + 3 * HOUR, 40));
    b.observe(send('ann@c.com', T0 + DAY + HOUR, 0, 5));
    b.observe(admin('ann@c.com', T0, 'consent', 'Zoom'));
    b.observe(rule('ann@c.com', T0, 'News', { moveToFolder: 'Newsletters' }));
    expect(b.mailToday('ann@c.com', T0 + 5 * HOUR)).toMatchObject({
      messages: 2,
      external: 40,
      internal: 3,
      itemsAccessed: 40,
    });
    expect(b.mailHistory('ann@c.com', T0 + DAY + 2 * HOUR)).toMatchObject({ maxExternal: 40, days: 1 });
    expect(b.adminCount('ann@c.com', ['consent', 'add_service_principal'])).toBe(1);
    expect(b.profile('ann@c.com')!.rulesCreated).toBe(1);
    expect(b.peers('ann@c.com')).toEqual(['bob@c.com']);
    b.observe({
      kind: 'org.message',
      time: T0 + 6 * HOUR,
      source: { input: 't' },
      entity: { kind: 'user', id: 'ann@c.com' },
      from: 'ann@c.com',
      to: ['x@other.example', 'bob@c.com'],
    });
    expect(b.mailToday('ann@c.com', T0 + 7 * HOUR)).toMatchObject({ messages: 3, external: 41, internal: 4 });
  });

  test('snapshot and restore keep the pattern of life', () => {
    const b = baseline();
    b.observe(directory('ann@c.com', 'Sales'));
    b.observe(directory('bob@c.com', 'Sales'));
    b.observe(login('ann@c.com', T0, home));
    b.observe(login('ann@c.com', T0 + HOUR, vpn, { success: false }));
    const copy = baseline();
    copy.restore(JSON.parse(JSON.stringify(b.snapshot())));
    expect(copy.profile('ann@c.com')!.countries.get('GB')).toEqual(b.profile('ann@c.com')!.countries.get('GB'));
    expect(copy.usersFailingFromIp(vpn.ip, T0).size).toBe(1);
    expect(copy.peers('ann@c.com')).toEqual(['bob@c.com']);
  });

  test('holds at most maxEntities people, forgetting the one seen least recently', () => {
    const prevalence = new Prevalence({ windowMs: DEFAULT_BASELINE_OPTIONS.learningWindowMs });
    const b = new IdentityBaseline({ ...DEFAULT_BASELINE_OPTIONS, maxEntities: 10 }, prevalence);
    for (let i = 0; i < 10; i++) b.observe(directory(`u${i}@c.com`, 'Sales'));
    // u0 signs in again, so u1 is now the least recently seen.
    b.observe(login('u0@c.com', T0 + DAY, home));
    b.observe(login('new@c.com', T0 + DAY + HOUR, home));
    expect(b.profile('u1@c.com')).toBeUndefined();
    expect(b.profile('u0@c.com')).toBeDefined();
    expect(b.profile('new@c.com')).toBeDefined();
    expect(b.peers('u2@c.com')).not.toContain('u1@c.com');
  });

  test('a spray from more addresses than it keeps still leaves the latest ones counted', () => {
    const b = baseline();
    // 110,000 addresses failing within the hour: past the cap of failing addresses kept.
    for (let i = 0; i < 110_000; i++) {
      const ip = `100.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      b.observe(login(`u${i % 50}@c.com`, T0 + i * 30, { ...vpn, ip }, { success: false }));
    }
    expect(b.usersFailingFromIp('100.0.0.0', T0).size).toBe(0);
    expect(b.usersFailingFromIp('100.1.173.175', T0).size).toBe(1);
  });
});
