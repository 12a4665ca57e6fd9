/**
 * Per-device pattern of life: which endpoints, domains, ports and user agents each internal device
 * has used, and when it did so first and last.
 *
 * Bounded memory: at most `maxKeysPerDevice` keys per device (when full, the least recently used
 * quarter is dropped in one pass, so the cost is amortised) and at most `maxDevices` devices (the
 * least recently active tenth is dropped when full). Keys older than the learning window count as
 * unseen when read.
 */

export interface DeviceProfile {
  first: number;
  last: number;
  /** key -> [first use, last use] */
  keys: Map<string, [number, number]>;
}

export type DeviceProfilesSnapshot = [string, number, number, [string, number, number][]][];

export class DeviceProfiles {
  private readonly devices = new Map<string, DeviceProfile>();

  constructor(
    private readonly windowMs: number,
    private readonly maxDevices = 500_000,
    private readonly maxKeysPerDevice = 4096,
  ) {}

  get(device: string): DeviceProfile | undefined {
    return this.devices.get(device);
  }

  /** The device profile, created on first sight. */
  touchDevice(device: string, time: number): DeviceProfile {
    let p = this.devices.get(device);
    if (p === undefined) {
      if (this.devices.size >= this.maxDevices) this.evictDevices();
      p = { first: time, last: time, keys: new Map() };
      this.devices.set(device, p);
    } else if (time > p.last) p.last = time;
    return p;
  }

  note(device: string, key: string, time: number): void {
    const p = this.touchDevice(device, time);
    const seen = p.keys.get(key);
    if (seen !== undefined) {
      if (time > seen[1]) seen[1] = time;
      return;
    }
    if (p.keys.size >= this.maxKeysPerDevice) evictKeys(p.keys);
    p.keys.set(key, [time, time]);
  }

  /** Whether the device used `key` within the learning window before `now`. */
  has(device: string, key: string, now: number): boolean {
    const seen = this.devices.get(device)?.keys.get(key);
    return seen !== undefined && now - seen[1] <= this.windowMs;
  }

  /** First use of `key` by the device, if it is still remembered. */
  firstUse(device: string, key: string): number | undefined {
    return this.devices.get(device)?.keys.get(key)?.[0];
  }

  /** How many keys with `prefix` the device used within the window (for evidence, not hot paths). */
  countWithPrefix(device: string, prefix: string, now: number): number {
    const p = this.devices.get(device);
    if (p === undefined) return 0;
    let n = 0;
    for (const [k, [, last]] of p.keys) if (now - last <= this.windowMs && k.startsWith(prefix)) n++;
    return n;
  }

  get size(): number {
    return this.devices.size;
  }

  private evictDevices(): void {
    const lasts = Array.from(this.devices.values(), (p) => p.last).sort((a, b) => a - b);
    const bar = lasts[Math.floor(lasts.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [d, p] of this.devices) if (p.last <= bar) this.devices.delete(d);
  }

  snapshot(): DeviceProfilesSnapshot {
    const out: DeviceProfilesSnapshot = [];
    for (const [d, p] of this.devices) {
      out.push([d, p.first, p.last, Array.from(p.keys, ([k, [f, l]]) => [k, f, l] as [string, number, number])]);
    }
    return out;
  }

  restore(snap: DeviceProfilesSnapshot): void {
    this.devices.clear();
    for (const [d, first, last, keys] of snap) {
      this.devices.set(d, { first, last, keys: new Map(keys.map(([k, f, l]) => [k, [f, l]])) });
    }
  }
}

function evictKeys(keys: Map<string, [number, number]>): void {
  const lasts = Array.from(keys.values(), (v) => v[1]).sort((a, b) => a - b);
  const bar = lasts[Math.floor(lasts.length / 4)] ?? Number.POSITIVE_INFINITY;
  for (const [k, v] of keys) if (v[1] <= bar) keys.delete(k);
}
