/**
 * Which external IPs each device knows by a name, and by which: it resolved them through DNS, or
 * reached them with a host name in HTTP or TLS. "IP without hostname" means neither happened in
 * the window. The name (the last one the device used for the IP) lets connections be followed by
 * name, so a server behind a domain that rotates its IPs keeps one rhythm.
 *
 * Bounded memory: per device at most `maxIpsPerDevice` IPs (the oldest quarter dropped when full),
 * at most `maxDevices` devices (the least recently active tenth dropped when full).
 */

/** The name a device knows an IP by: host name, its registrable domain when it has one, and when. */
export interface IpName {
  time: number;
  name: string;
  domain?: string;
}

interface DeviceNames {
  last: number;
  ips: Map<string, IpName>;
}

export type DnsMemorySnapshot = [string, number, [string, number, string, string?][]][];

export class DnsMemory {
  private readonly devices = new Map<string, DeviceNames>();

  constructor(
    private readonly windowMs: number,
    private readonly maxDevices = 500_000,
    private readonly maxIpsPerDevice = 8192,
  ) {}

  /** The device now knows `ip` by `name` (host name; `domain` its registrable domain). */
  learn(device: string, ip: string, time: number, name: string, domain?: string): void {
    let d = this.devices.get(device);
    if (d === undefined) {
      if (this.devices.size >= this.maxDevices) this.evictDevices();
      d = { last: time, ips: new Map() };
      this.devices.set(device, d);
    } else if (time > d.last) d.last = time;
    const prev = d.ips.get(ip);
    if (prev === undefined && d.ips.size >= this.maxIpsPerDevice) evictOldest(d.ips);
    if (prev === undefined || time >= prev.time) {
      const named: IpName = { time, name };
      if (domain !== undefined) named.domain = domain;
      d.ips.set(ip, named);
    }
  }

  /** Whether the device had a name for `ip` within the window before `now`. */
  knowsName(device: string, ip: string, now: number): boolean {
    return this.nameOf(device, ip, now) !== undefined;
  }

  /** The name the device last used for `ip`, if within the window before `now`. */
  nameOf(device: string, ip: string, now: number): IpName | undefined {
    const n = this.devices.get(device)?.ips.get(ip);
    return n !== undefined && now - n.time <= this.windowMs ? n : undefined;
  }

  private evictDevices(): void {
    const lasts = Array.from(this.devices.values(), (d) => d.last).sort((a, b) => a - b);
    const bar = lasts[Math.floor(lasts.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [k, d] of this.devices) if (d.last <= bar) this.devices.delete(k);
  }

  snapshot(): DnsMemorySnapshot {
    return Array.from(this.devices, ([k, d]) => [
      k,
      d.last,
      Array.from(d.ips, ([ip, n]): [string, number, string, string?] =>
        n.domain === undefined ? [ip, n.time, n.name] : [ip, n.time, n.name, n.domain],
      ),
    ]);
  }

  restore(snap: DnsMemorySnapshot): void {
    this.devices.clear();
    for (const [k, last, ips] of snap) {
      const m = new Map<string, IpName>();
      for (const [ip, time, name, domain] of ips) {
        // Snapshots from before names were kept hold the time only: the IP was named, by what is unknown.
        const n: IpName = { time, name: name ?? '' };
        if (domain !== undefined) n.domain = domain;
        m.set(ip, n);
      }
      this.devices.set(k, { last, ips: m });
    }
  }
}

function evictOldest(m: Map<string, IpName>): void {
  const times = Array.from(m.values(), (n) => n.time).sort((a, b) => a - b);
  const bar = times[Math.floor(times.length / 4)] ?? Number.POSITIVE_INFINITY;
  for (const [k, n] of m) if (n.time <= bar) m.delete(k);
}
