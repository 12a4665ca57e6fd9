/**
 * Outbound volume per device: a log2 histogram of bytes sent per connection to external endpoints
 * the device has known for a day or more, from which its usual largest upload (a high quantile) is read. 40 counters per device whatever its
 * traffic; at most `maxDevices` devices (the least recently active tenth dropped when full).
 */

const BINS = 40;

interface DeviceVolume {
  last: number;
  total: number;
  bins: Uint32Array;
}

export type VolumeSnapshot = [string, number, number, number[]][];

export class OutboundVolume {
  private readonly devices = new Map<string, DeviceVolume>();

  constructor(private readonly maxDevices = 500_000) {}

  observe(device: string, bytesOut: number, time: number): void {
    let d = this.devices.get(device);
    if (d === undefined) {
      if (this.devices.size >= this.maxDevices) this.evict();
      d = { last: time, total: 0, bins: new Uint32Array(BINS) };
      this.devices.set(device, d);
    } else if (time > d.last) d.last = time;
    d.total++;
    d.bins[binOf(bytesOut)]!++;
  }

  /** Upper bound of the bin holding quantile `q` of the device's uploads, and how many it has seen. */
  usualMax(device: string, q = 0.99): { bytes: number; connections: number } {
    const d = this.devices.get(device);
    if (d === undefined || d.total === 0) return { bytes: 0, connections: 0 };
    const want = Math.ceil(d.total * q);
    let acc = 0;
    for (let i = 0; i < BINS; i++) {
      acc += d.bins[i]!;
      if (acc >= want) return { bytes: i === 0 ? 0 : 2 ** i, connections: d.total };
    }
    return { bytes: 2 ** (BINS - 1), connections: d.total };
  }

  private evict(): void {
    const lasts = Array.from(this.devices.values(), (d) => d.last).sort((a, b) => a - b);
    const bar = lasts[Math.floor(lasts.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [k, d] of this.devices) if (d.last <= bar) this.devices.delete(k);
  }

  snapshot(): VolumeSnapshot {
    return Array.from(this.devices, ([k, d]) => [k, d.last, d.total, Array.from(d.bins)]);
  }

  restore(snap: VolumeSnapshot): void {
    this.devices.clear();
    for (const [k, last, total, bins] of snap) this.devices.set(k, { last, total, bins: Uint32Array.from(bins) });
  }
}

/** Bin i holds sizes in [2^(i-1), 2^i); bin 0 holds empty uploads. */
function binOf(bytes: number): number {
  if (bytes <= 0) return 0;
  return Math.min(BINS - 1, Math.floor(Math.log2(bytes)) + 1);
}
