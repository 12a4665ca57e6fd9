/** What a per-device hourly count keeps between hours: its clock hour and the usual count. */
export interface HourlyRecord {
  hour: number;
  /** Weighted mean count per past active hour. */
  usual: number;
  /** Past active hours folded into `usual`. */
  hoursSeen: number;
}

/**
 * Per-device records of an hourly count (failed connections, internal services probed): the usual
 * count is an exponentially weighted mean over the device's past active hours (weight `alpha` per
 * hour), so it adapts and needs no history, and the network's mean of the devices' usual counts is
 * kept as a running sum, so reading it costs nothing. Bounded: at `maxDevices` the tenth of the
 * devices idle longest goes.
 */
export class HourlyRates<R extends HourlyRecord> {
  private readonly records = new Map<string, R>();
  private usualSum = 0;

  constructor(
    private readonly alpha: number,
    private readonly maxDevices: number,
  ) {}

  get(device: string): R | undefined {
    return this.records.get(device);
  }

  add(device: string, record: R): void {
    if (this.records.size >= this.maxDevices) this.evict();
    this.records.set(device, record);
    this.usualSum += record.usual;
  }

  /** Folds the count of the record's finished hour into its usual and moves it on to `hour`. */
  fold(r: R, count: number, hour: number): void {
    const before = r.usual;
    r.usual = r.hoursSeen === 0 ? count : r.usual + this.alpha * (count - r.usual);
    this.usualSum += r.usual - before;
    r.hoursSeen++;
    r.hour = hour;
  }

  /** Mean of the devices' usual counts. */
  networkUsual(): number {
    return this.records.size === 0 ? 0 : this.usualSum / this.records.size;
  }

  entries(): IterableIterator<[string, R]> {
    return this.records.entries();
  }

  clear(): void {
    this.records.clear();
    this.usualSum = 0;
  }

  private evict(): void {
    const hours = Array.from(this.records.values(), (r) => r.hour).sort((a, b) => a - b);
    const bar = hours[Math.floor(hours.length / 10)] ?? Number.POSITIVE_INFINITY;
    for (const [k, r] of this.records) {
      if (r.hour <= bar) {
        this.usualSum -= r.usual;
        this.records.delete(k);
      }
    }
  }
}
