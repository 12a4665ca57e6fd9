import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import { login, net } from '../models/saas/events.suite.js';
import { deviceLogonOf, Logons } from './logons.js';

const HOUR = 3_600_000;
const OPTS = { windowMs: 12 * HOUR, maxUsersPerDevice: 2, maxDevicesPerUser: 2, maxDevices: 3 };
const desk = { ...net('10.1.2.3', 'GB', 0, ''), internal: true };

describe('Logons', () => {
  it('links a device and its user both ways within the window', () => {
    const l = new Logons(OPTS);
    l.add('10.0.0.5', 'Ann@Contoso.com', 10 * HOUR);
    expect(l.usersOn('10.0.0.5', 15 * HOUR)).toEqual(['ann@contoso.com']);
    expect(l.devicesOf('ann@contoso.com', 5 * HOUR)).toEqual(['10.0.0.5']);
    expect(l.usersOn('10.0.0.5', 23 * HOUR)).toEqual([]);
  });

  it('links nobody through a shared device, and no device of a roaming user', () => {
    const l = new Logons(OPTS);
    for (const u of ['a@c.com', 'b@c.com', 'c@c.com']) l.add('10.0.0.9', u, HOUR);
    expect(l.usersOn('10.0.0.9', HOUR)).toEqual([]);
    expect(l.devicesOf('a@c.com', HOUR)).toEqual([]);
    for (const d of ['10.0.1.1', '10.0.1.2', '10.0.1.3']) l.add(d, 'roamer@c.com', HOUR);
    expect(l.devicesOf('roamer@c.com', HOUR)).toEqual([]);
  });

  it('keeps at most maxDevices devices, forgetting the least recently signed-in first', () => {
    const l = new Logons(OPTS);
    for (let i = 0; i < 5; i++) l.add(`10.0.0.${i}`, `u${i}@c.com`, i * 1000);
    expect(l.entries().map(([d]) => d)).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4']);
    expect(l.devicesOf('u0@c.com', 0)).toEqual([]);
  });

  it('restores from its entries to the same associations', () => {
    const l = new Logons(OPTS);
    l.add('10.0.0.5', 'ann@c.com', HOUR);
    l.add('10.0.0.6', 'bob@c.com', 2 * HOUR);
    const copy = new Logons(OPTS);
    for (const [d, u, t] of l.entries()) copy.add(d, u, t);
    expect(copy.entries()).toEqual(l.entries());
    expect(copy.devicesOf('bob@c.com', 2 * HOUR)).toEqual(['10.0.0.6']);
  });
});

describe('deviceLogonOf', () => {
  it('places a user on the internal address of a successful sign-in only', () => {
    expect(deviceLogonOf(login('Ann@Contoso.com', 0, desk))).toEqual({ device: '10.1.2.3', user: 'ann@contoso.com' });
    expect(deviceLogonOf(login('ann@contoso.com', 0, desk, { success: false }))).toBeUndefined();
    expect(deviceLogonOf(login('ann@contoso.com', 0, net('81.2.10.5', 'GB', 2856, 'BT')))).toBeUndefined();
    const conn = { kind: 'net.conn', time: 0 } as unknown as Event;
    expect(deviceLogonOf(conn)).toBeUndefined();
  });
});
