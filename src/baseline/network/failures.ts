/**
 * Failed outbound connections (no answer, rejected) per device: the count in the current clock
 * hour with its top destinations, against the device's own hourly rate and the network's.
 *
 * The usual rate is an exponentially weighted mean over the device's past active hours (weight
 * `alpha` per hour), so it adapts and needs no history. Bounded memory: a fixed record per device
 * plus at most `maxDestinations` destination counters for the current hour only.
 */

export interface DeviceFailures {
  hour: number;
  /** Failed attempts in `hour`. */
  failed: number;
  /** All outbound attempts in `hour`. */
  attempts: number;
  /** destination -> failed attempts in `hour` */
  byDst: Map<string, number>;
  /** Weighted mean failures per active hour before `hour`. */
  usual: number;
  /** Past active hours folded into `usual`. */
  hoursSeen: number;
}

export interface FailureReading {
  failedThisHour: number;
  attemptsThisHour: number;
  usualPerHour: number;
  hoursSeen: number;
  networkUsualPerHour: number;
  topDestination?: string;
  topDestinationFailures: number;
  destinations: number;
}

export type FailuresSnapshot = [string, number, number, number, number, number][];

const HOUR = 3_600_000;

export class FailedConnections {
  private readonly devices = new Map<string, DeviceFailures>();
  /** Sum of the devices' `usual`, to give the network's mean without a scan. */
  private usualSum = 0;

  constructor(
    private readonly alpha = 0.05,
    private readonly maxDestinations = 256,
    private readonly maxDevices = 500_000,
  ) {}

  observe(device: string, dst: string, time: number, failed: boolean): void {
    const hour = Math.floor(time / HOUR);
    let d = this.devices.get(device);
    if (d === undefined) {
      if (this.devices.size >= this.maxDevices) this.evict();
      d = { hour, failed: 0, attempts: 0, byDst: new Map(), usual: 0, hoursSeen: 0 };
      this.devices.set(device, d);
    } else if (hour > d.hour) {
      this.roll(d, hour);
    }
    if (hour < d.hour) return;
    d.attempts++;
    if (!failed) return;
    d.failed++;
    const n = d.byDst.get(dst);
    if (n !== undefined) d.byDst.set(dst, n + 1);
    else if (d.byDst.size < this.maxDestinations) d.byDst.set(dst, 1);
  }

  /** Failed attempts of the device in the hour of `now`: the cheap check before `read`. */
  failedThisHour(device: string, now: number): number {
    const d = this.devices.get(device);
    return d !== undefined && d.hour === Math.floor(now / HOUR) ? d.failed : 0;
  }

  /** The device's failures in the hour of `now`, before the event being judged. */
  read(device: string, now: number): FailureReading {
    const hour = Math.floor(now / HOUR);
    const d = this.devices.get(device);
    const network = this.devices.size === 0 ? 0 : this.usualSum / this.devices.size;
    if (d === undefined) {
      return {
        failedThisHour: 0,
        attemptsThisHour: 0,
        usualPerHour: 0,
        hoursSeen: 0,
        networkUsualPerHour: network,
        topDestinationFailures: 0,
        destinations: 0,
      };
    }
    const current = d.hour === hour;
    let top: string | undefined;
    let topN = 0;
    if (current) {
      for (const [k, n] of d.byDst) {
        if (n > topN) {
          top = k;
          topN = n;
        }
      }
    }
    const reading: FailureReading = {
      failedThisHour: current ? d.failed : 0,
      attemptsThisHour: current ? d.attempts : 0,
      usualPerHour: d.usual,
      hoursSeen: d.hoursSeen,
      networkUsualPerHour: network,
      topDestinationFailures: topN,
      destinations: current ? d.byDst.size : 0,
    };
    if (top !== undefined) reading.topDestination = top;
    return reading;
  }

  private roll(d: DeviceFailures, hour: number): void {
    const before = d.usual;
    d.usual = d.hoursSeen === 0 ? d.failed : d.usual + this.alpha * (d.failed - d.usual);
    this.usualSum += d.usual - before;
    d.hoursSeen++;
    d.hour = hour;
    d.failed = 0;
    d.attempts = 0;
    d.byDst.clear();
  }

  private evict(): void {
    const hours = Array.from(this.devices.values(), (d) => d.hour).sort((a, b) => a - b);
    const bar = hours[Math.floor(hours.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [k, d] of this.devices) {
      if (d.hour <= bar) {
        this.usualSum -= d.usual;
        this.devices.delete(k);
      }
    }
  }

  snapshot(): FailuresSnapshot {
    return Array.from(this.devices, ([k, d]) => [k, d.hour, d.failed, d.attempts, d.usual, d.hoursSeen]);
  }

  restore(snap: FailuresSnapshot): void {
    this.devices.clear();
    this.usualSum = 0;
    for (const [k, hour, failed, attempts, usual, hoursSeen] of snap) {
      this.devices.set(k, { hour, failed, attempts, byDst: new Map(), usual, hoursSeen });
      this.usualSum += usual;
    }
  }
}
