/**
 * Which external IPs each device knows by a name: it resolved them through DNS, or reached them
 * with a host name in HTTP or TLS. "IP without hostname" means neither happened in the window.
 *
 * Bounded memory: per device at most `maxIpsPerDevice` IPs (the oldest quarter dropped when full),
 * at most `maxDevices` devices (the least recently active tenth dropped when full).
 */

interface DeviceNames {
  last: number;
  /** ip -> last time the device had a name for it */
  ips: Map<string, number>;
}

export type DnsMemorySnapshot = [string, number, [string, number][]][];

export class DnsMemory {
  private readonly devices = new Map<string, DeviceNames>();

  constructor(
    private readonly windowMs: number,
    private readonly maxDevices = 500_000,
    private readonly maxIpsPerDevice = 8192,
  ) {}

  /** The device now knows `ip` by a name. */
  learn(device: string, ip: string, time: number): void {
    let d = this.devices.get(device);
    if (d === undefined) {
      if (this.devices.size >= this.maxDevices) this.evictDevices();
      d = { last: time, ips: new Map() };
      this.devices.set(device, d);
    } else if (time > d.last) d.last = time;
    const prev = d.ips.get(ip);
    if (prev === undefined && d.ips.size >= this.maxIpsPerDevice) evictOldest(d.ips);
    if (prev === undefined || time > prev) d.ips.set(ip, time);
  }

  /** Whether the device had a name for `ip` within the window before `now`. */
  knowsName(device: string, ip: string, now: number): boolean {
    const t = this.devices.get(device)?.ips.get(ip);
    return t !== undefined && now - t <= this.windowMs;
  }

  private evictDevices(): void {
    const lasts = Array.from(this.devices.values(), (d) => d.last).sort((a, b) => a - b);
    const bar = lasts[Math.floor(lasts.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [k, d] of this.devices) if (d.last <= bar) this.devices.delete(k);
  }

  snapshot(): DnsMemorySnapshot {
    return Array.from(this.devices, ([k, d]) => [k, d.last, Array.from(d.ips)] as [string, number, [string, number][]]);
  }

  restore(snap: DnsMemorySnapshot): void {
    this.devices.clear();
    for (const [k, last, ips] of snap) this.devices.set(k, { last, ips: new Map(ips) });
  }
}

function evictOldest(m: Map<string, number>): void {
  const times = Array.from(m.values()).sort((a, b) => a - b);
  const bar = times[Math.floor(times.length / 4)] ?? Number.POSITIVE_INFINITY;
  for (const [k, t] of m) if (t <= bar) m.delete(k);
}
