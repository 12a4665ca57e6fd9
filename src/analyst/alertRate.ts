import type { EntityRef } from '../events/event.js';

/** The name under which the breach-rate signal is shown, in the style of the model names. */
export const LARGE_NUMBER_OF_MODEL_ALERTS = 'Unusual Activity / Large Number of Model Alerts';

export interface AlertRateOptions {
  /** Days of history the typical daily breach count is taken from. */
  historyDays: number;
  /** A day needs at least this many breaches of one entity to be a jump. */
  minBreaches: number;
  /** ... and this many times the entity's typical day (at least 1 breach a day is assumed). */
  factor: number;
}

export const DEFAULT_ALERT_RATE: AlertRateOptions = { historyDays: 14, minBreaches: 8, factor: 4 };

export interface AlertRateSignal {
  name: string;
  entity: EntityRef;
  /** Event time of the breach that crossed the threshold. */
  time: number;
  /** Breaches of the entity that UTC day, up to and including this one. */
  count: number;
  /** Mean breaches a day over the history days before (those since the entity's first breach). */
  typicalPerDay: number;
  historyDays: number;
  /** Distinct models among the day's breaches. */
  models: number;
}

interface EntityRate {
  entity: EntityRef;
  /** Day number (UTC) -> breaches that day. */
  days: Map<number, number>;
  /** Distinct models of the current day. */
  dayModels: Set<string>;
  currentDay: number;
  firedDay: number;
}

export type AlertRateSnapshot = [EntityRef, [number, number][], string[], number, number][];

const DAY = 86_400_000;

/** Counts breaches per entity and day (event time) and says when a day jumps above the entity's usual. */
export class AlertRate {
  private readonly rates = new Map<string, EntityRate>();

  constructor(private readonly opts: AlertRateOptions = DEFAULT_ALERT_RATE) {}

  observe(entity: EntityRef, model: string, time: number): AlertRateSignal | undefined {
    const key = entity.kind + '\u0000' + entity.id;
    const day = Math.floor(time / DAY);
    let r = this.rates.get(key);
    if (r === undefined) {
      r = { entity, days: new Map(), dayModels: new Set(), currentDay: day, firedDay: -1 };
      this.rates.set(key, r);
    }
    if (day !== r.currentDay) {
      if (day > r.currentDay) {
        r.currentDay = day;
        r.dayModels.clear();
      }
    }
    const count = (r.days.get(day) ?? 0) + 1;
    r.days.set(day, count);
    if (day === r.currentDay) r.dayModels.add(model);
    if (r.firedDay === day || count < this.opts.minBreaches) return undefined;
    let history = 0;
    for (let d = day - this.opts.historyDays; d < day; d++) history += r.days.get(d) ?? 0;
    // Averaged over the days since the entity's first breach, not over days before it had any:
    // an entity that has had this many breaches a day since it first appeared is not jumping.
    let first = day;
    for (const d of r.days.keys()) if (d < first) first = d;
    const span = Math.min(this.opts.historyDays, day - first);
    const typical = span === 0 ? 0 : history / span;
    if (count < this.opts.factor * Math.max(1, typical)) return undefined;
    r.firedDay = day;
    return {
      name: LARGE_NUMBER_OF_MODEL_ALERTS,
      entity,
      time,
      count,
      typicalPerDay: Math.round(typical * 100) / 100,
      historyDays: this.opts.historyDays,
      models: r.dayModels.size,
    };
  }

  /** Forget days that fell out of the history. */
  prune(time: number): void {
    const oldest = Math.floor(time / DAY) - this.opts.historyDays;
    for (const [key, r] of this.rates) {
      for (const d of r.days.keys()) if (d < oldest) r.days.delete(d);
      if (r.days.size === 0) this.rates.delete(key);
    }
  }

  snapshot(): AlertRateSnapshot {
    return [...this.rates.values()].map((r) => [r.entity, [...r.days], [...r.dayModels], r.currentDay, r.firedDay]);
  }

  restore(snap: AlertRateSnapshot): void {
    this.rates.clear();
    for (const [entity, days, models, currentDay, firedDay] of snap) {
      this.rates.set(entity.kind + '\u0000' + entity.id, {
        entity,
        days: new Map(days),
        dayModels: new Set(models),
        currentDay,
        firedDay,
      });
    }
  }
}
