import type { Event } from '../events/event.js';

/** Bounds of the device-user association (event time). */
export interface LogonOptions {
  /** How long a sign-in from a device keeps its user associated with it, either side of the sign-in. */
  windowMs: number;
  /**
   * A device more users signed in from within the window is shared (a terminal server, a jump host,
   * a NAT address): it links none of them, or one compromised account would pull in every colleague.
   */
  maxUsersPerDevice: number;
  /** Likewise a user signed in from more devices than this (a roaming administrator) links no device. */
  maxDevicesPerUser: number;
  /** Devices remembered at most; the one whose latest sign-in is oldest goes first. */
  maxDevices: number;
}

export const DEFAULT_LOGONS: LogonOptions = {
  windowMs: 12 * 3_600_000,
  maxUsersPerDevice: 3,
  maxDevicesPerUser: 3,
  maxDevices: 100_000,
};

/**
 * The device and user an event names together: a Microsoft 365 or Entra record of a user acting
 * from an internal address (a sign-in that succeeded, or anything done in a session) places that
 * user on the device with that address, which DESIGN §3 makes the device's id.
 */
export function deviceLogonOf(e: Event): { device: string; user: string } | undefined {
  switch (e.kind) {
    case 'saas.login':
      if (!e.success) return undefined;
      break;
    case 'saas.admin':
    case 'saas.mailbox_rule':
    case 'saas.mail':
    case 'saas.other':
      break;
    default:
      return undefined;
  }
  if (e.ip === undefined || e.ip === '' || e.ipContext?.internal !== true || e.user === '') return undefined;
  return { device: e.ip, user: e.user.toLowerCase() };
}

/** Latest time per other side, kept in order of last update (oldest first) so eviction is cheap. */
type Seen = Map<string, number>;

/**
 * Who was signed in where, both ways (device -> users, user -> devices), bounded in time and size;
 * deterministic, since it moves on event time only.
 */
export class Logons {
  private readonly usersByDevice = new Map<string, Seen>();
  private readonly devicesByUser = new Map<string, Seen>();

  constructor(private readonly opts: LogonOptions = DEFAULT_LOGONS) {}

  add(device: string, user: string, time: number): void {
    const u = user.toLowerCase();
    touch(this.usersByDevice, device, u, time, this.opts.maxUsersPerDevice + 1);
    touch(this.devicesByUser, u, device, time, this.opts.maxDevicesPerUser + 1);
    while (this.usersByDevice.size > this.opts.maxDevices) {
      const [oldest, users] = this.usersByDevice.entries().next().value!;
      this.usersByDevice.delete(oldest);
      for (const other of users.keys()) this.unlink(this.devicesByUser, other, oldest);
    }
  }

  /** Users signed in on a device around a time; none when the device is shared. */
  usersOn(device: string, time: number): string[] {
    return this.near(this.usersByDevice.get(device), time, this.opts.maxUsersPerDevice);
  }

  /** Devices a user was signed in on around a time, leaving out shared ones; none for a roaming user. */
  devicesOf(user: string, time: number): string[] {
    const u = user.toLowerCase();
    const devices = this.near(this.devicesByUser.get(u), time, this.opts.maxDevicesPerUser);
    return devices.filter((d) => this.usersOn(d, time).includes(u));
  }

  /** Forget what is older than the window. */
  prune(time: number): void {
    for (const map of [this.usersByDevice, this.devicesByUser]) {
      for (const [k, seen] of map) {
        for (const [other, t] of seen) if (time - t > this.opts.windowMs) seen.delete(other);
        if (seen.size === 0) map.delete(k);
      }
    }
  }

  /** [device, user, time] triples, oldest update first, to replay into `add`. */
  entries(): [string, string, number][] {
    const out: [string, string, number][] = [];
    for (const [d, users] of this.usersByDevice) for (const [u, t] of users) out.push([d, u, t]);
    return out.sort((a, b) => a[2] - b[2]);
  }

  clear(): void {
    this.usersByDevice.clear();
    this.devicesByUser.clear();
  }

  private near(seen: Seen | undefined, time: number, max: number): string[] {
    if (seen === undefined) return [];
    const out: string[] = [];
    for (const [other, t] of seen) if (Math.abs(time - t) <= this.opts.windowMs) out.push(other);
    return out.length > max ? [] : out.sort();
  }

  private unlink(map: Map<string, Seen>, key: string, other: string): void {
    const seen = map.get(key);
    if (seen === undefined) return;
    seen.delete(other);
    if (seen.size === 0) map.delete(key);
  }
}

/** Record `other` seen from `key` at `time`, most recent last, keeping at most `cap` others. */
function touch(map: Map<string, Seen>, key: string, other: string, time: number, cap: number): void {
  let seen = map.get(key);
  if (seen === undefined) seen = new Map();
  else map.delete(key);
  map.set(key, seen);
  const t = Math.max(time, seen.get(other) ?? time);
  seen.delete(other);
  seen.set(other, t);
  if (seen.size > cap) seen.delete(seen.keys().next().value!);
}
