/**
 * Per device, the last RING domains it touched that nobody on the network had touched before:
 * the raw material of DGA detection (an implant walks through many fresh algorithmic names).
 * Fixed memory per device: RING names and times; at most `maxDevices` devices.
 */

const RING = 32;

interface DeviceNovel {
  names: string[];
  times: number[];
  pos: number;
  last: number;
}

export type NovelDomainsSnapshot = [string, string[], number[], number][];

export class NovelDomains {
  private readonly devices = new Map<string, DeviceNovel>();

  constructor(private readonly maxDevices = 500_000) {}

  add(device: string, domain: string, time: number): void {
    let d = this.devices.get(device);
    if (d === undefined) {
      if (this.devices.size >= this.maxDevices) this.evict();
      d = { names: [], times: [], pos: 0, last: time };
      this.devices.set(device, d);
    }
    d.last = time;
    if (d.names.length < RING) {
      d.names.push(domain);
      d.times.push(time);
      return;
    }
    d.names[d.pos] = domain;
    d.times[d.pos] = time;
    d.pos = (d.pos + 1) % RING;
  }

  /** Novel domains the device touched at or after `since`. */
  since(device: string, since: number): string[] {
    const d = this.devices.get(device);
    if (d === undefined) return [];
    const out: string[] = [];
    for (let i = 0; i < d.names.length; i++) if (d.times[i]! >= since) out.push(d.names[i]!);
    return out;
  }

  private evict(): void {
    const lasts = Array.from(this.devices.values(), (d) => d.last).sort((a, b) => a - b);
    const bar = lasts[Math.floor(lasts.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [k, d] of this.devices) if (d.last <= bar) this.devices.delete(k);
  }

  snapshot(): NovelDomainsSnapshot {
    return Array.from(this.devices, ([k, d]) => [k, d.names, d.times, d.pos]);
  }

  restore(snap: NovelDomainsSnapshot): void {
    this.devices.clear();
    for (const [k, names, times, pos] of snap) this.devices.set(k, { names, times, pos, last: Math.max(0, ...times) });
  }
}
