/**
 * Internal reconnaissance per device: in the current clock hour, the distinct internal (host, port)
 * targets the device tried over TCP without exchanging a byte (a SYN nobody answered, a reset, a
 * handshake closed at once: what a port scan or a host sweep leaves in conn.log), against the
 * device's own hourly count and the network's.
 *
 * TCP only: a scan for services opens TCP connections, while the UDP and multicast chatter of
 * ordinary hosts (name lookups, discovery) reaches many neighbours every hour without any intent.
 *
 * The usual count is an exponentially weighted mean over the device's past hours with internal
 * traffic (weight `alpha`), so it needs no history and adapts; a monitoring server that checks a
 * hundred hosts every hour has a usual of a hundred. Bounded memory: a fixed record per device, and
 * for the current hour only, at most `maxTargets` targets (beyond it the count saturates).
 */

export interface ProbeReading {
  /** Distinct (host, port) targets probed this hour (capped at maxTargets). */
  targets: number;
  /** Distinct hosts and ports among them. */
  hosts: number;
  ports: number;
  /** Internal TCP attempts this hour, and those that exchanged no data. */
  attempts: number;
  probes: number;
  /** Weighted mean distinct targets per past hour of internal traffic. */
  usualTargets: number;
  hoursSeen: number;
  /** Mean of the devices' usual counts. */
  networkUsualTargets: number;
  saturated: boolean;
  /** A few targets, for evidence: "10.0.2.5:445". */
  examples: string[];
}

import { HourlyRates, type HourlyRecord } from './hourly-rates.js';

interface DeviceProbes extends HourlyRecord {
  attempts: number;
  probes: number;
  targets: Set<string> | undefined;
  hosts: Set<string> | undefined;
  ports: Set<number> | undefined;
}

export type InternalProbesSnapshot = [string, number, number, number][];

const HOUR = 3_600_000;
const EXAMPLES = 5;

export class InternalProbes {
  private readonly devices: HourlyRates<DeviceProbes>;

  constructor(
    alpha = 0.05,
    private readonly maxTargets = 4096,
    maxDevices = 500_000,
  ) {
    this.devices = new HourlyRates(alpha, maxDevices);
  }

  /** A TCP connection between two internal addresses, by the originator. */
  observe(device: string, dst: string, dstPort: number, time: number, probe: boolean): void {
    const hour = Math.floor(time / HOUR);
    let d = this.devices.get(device);
    if (d === undefined) {
      d = fresh(hour, 0, 0);
      this.devices.add(device, d);
    } else if (hour > d.hour) {
      this.roll(d, hour);
    }
    if (hour < d.hour) return;
    d.attempts++;
    if (!probe) return;
    d.probes++;
    d.targets ??= new Set();
    d.hosts ??= new Set();
    d.ports ??= new Set();
    if (d.targets.size < this.maxTargets) d.targets.add(`${dst}:${dstPort}`);
    if (d.hosts.size < this.maxTargets) d.hosts.add(dst);
    if (d.ports.size < this.maxTargets) d.ports.add(dstPort);
  }

  /** Distinct targets probed in the hour of `now`: the cheap check before `read`. */
  targetsThisHour(device: string, now: number): number {
    const d = this.devices.get(device);
    return d !== undefined && d.hour === Math.floor(now / HOUR) ? (d.targets?.size ?? 0) : 0;
  }

  read(device: string, now: number): ProbeReading {
    const d = this.devices.get(device);
    const network = this.devices.networkUsual();
    const current = d !== undefined && d.hour === Math.floor(now / HOUR);
    const targets = current ? (d.targets?.size ?? 0) : 0;
    return {
      targets,
      hosts: current ? (d.hosts?.size ?? 0) : 0,
      ports: current ? (d.ports?.size ?? 0) : 0,
      attempts: current ? d.attempts : 0,
      probes: current ? d.probes : 0,
      usualTargets: d?.usual ?? 0,
      hoursSeen: d?.hoursSeen ?? 0,
      networkUsualTargets: network,
      saturated: targets >= this.maxTargets,
      examples: current && d.targets !== undefined ? [...take(d.targets, EXAMPLES)] : [],
    };
  }

  private roll(d: DeviceProbes, hour: number): void {
    this.devices.fold(d, d.targets?.size ?? 0, hour);
    d.attempts = 0;
    d.probes = 0;
    d.targets = undefined;
    d.hosts = undefined;
    d.ports = undefined;
  }

  /** The learned rates; the current hour's targets are not kept (an hour's detail, rebuilt live). */
  snapshot(): InternalProbesSnapshot {
    return Array.from(this.devices.entries(), ([k, d]) => [k, d.hour, d.usual, d.hoursSeen]);
  }

  restore(snap: InternalProbesSnapshot | undefined): void {
    this.devices.clear();
    for (const [k, hour, usual, hoursSeen] of snap ?? []) this.devices.add(k, fresh(hour, usual, hoursSeen));
  }
}

function fresh(hour: number, usual: number, hoursSeen: number): DeviceProbes {
  return { hour, attempts: 0, probes: 0, targets: undefined, hosts: undefined, ports: undefined, usual, hoursSeen };
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const x of items) {
    yield x;
    if (++i >= n) return;
  }
}
