/**
 * Failed outbound connections (no answer, rejected) per device: the count in the current clock
 * hour with its top destinations, against the device's own hourly rate and the network's.
 *
 * The usual rate is an exponentially weighted mean over the device's past active hours (weight
 * `alpha` per hour), so it adapts and needs no history. Bounded memory: a fixed record per device
 * plus at most `maxDestinations` destination counters for the current hour only.
 */

import { HourlyRates, type HourlyRecord } from './hourly-rates.js';

export interface DeviceFailures extends HourlyRecord {
  /** Failed attempts in `hour`. */
  failed: number;
  /** All outbound attempts in `hour`. */
  attempts: number;
  /** destination -> failed attempts in `hour` */
  byDst: Map<string, number>;
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
  private readonly devices: HourlyRates<DeviceFailures>;

  constructor(
    alpha = 0.05,
    private readonly maxDestinations = 256,
    maxDevices = 500_000,
  ) {
    this.devices = new HourlyRates(alpha, maxDevices);
  }

  observe(device: string, dst: string, time: number, failed: boolean): void {
    const hour = Math.floor(time / HOUR);
    let d = this.devices.get(device);
    if (d === undefined) {
      d = { hour, failed: 0, attempts: 0, byDst: new Map(), usual: 0, hoursSeen: 0 };
      this.devices.add(device, d);
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
    const network = this.devices.networkUsual();
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
    this.devices.fold(d, d.failed, hour);
    d.failed = 0;
    d.attempts = 0;
    d.byDst.clear();
  }

  snapshot(): FailuresSnapshot {
    return Array.from(this.devices.entries(), ([k, d]) => [k, d.hour, d.failed, d.attempts, d.usual, d.hoursSeen]);
  }

  restore(snap: FailuresSnapshot): void {
    this.devices.clear();
    for (const [k, hour, failed, attempts, usual, hoursSeen] of snap) {
      this.devices.add(k, { hour, failed, attempts, byDst: new Map(), usual, hoursSeen });
    }
  }
}
