import type { Store } from '../store/store.js';

/**
 * Inputs read once from start to end, whose event times are historical by nature: the bundled demo
 * and finite files (`telltale run` labels them so). Their ingest delay says nothing about health.
 */
export const FINITE_SOURCES: ReadonlySet<string> = new Set(['demo', 'files']);

/**
 * Counters the pipeline and the server bump, rendered in the Prometheus text format together
 * with gauges read from the store when scraped.
 */
export class ServerMetrics {
  private readonly eventsIn = new Map<string, number>();
  private rejectsIn = 0;
  private breachesRaised = 0;
  private actionsProposed = 0;
  /** Per live source, the ingest delay of its latest batch in seconds (see `countEvents`). */
  private readonly lag = new Map<string, number>();

  /** Wall clock: metrics are an edge, and lag is measured against real time. */
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Events accepted from `source`; `newestTime` is the newest event time among them. A live source's
   * lag is how far behind real time it delivers: the wall clock when the batch is taken in minus the
   * newest event time in it (never below 0, since clocks differ). Finite sources have none.
   */
  countEvents(source: string, n: number, newestTime?: number): void {
    this.eventsIn.set(source, (this.eventsIn.get(source) ?? 0) + n);
    if (newestTime !== undefined && Number.isFinite(newestTime) && !FINITE_SOURCES.has(source)) {
      this.lag.set(source, Math.max(0, (this.now() - newestTime) / 1000));
    }
  }

  countRejects(n: number): void {
    this.rejectsIn += n;
  }

  countBreaches(n: number): void {
    this.breachesRaised += n;
  }

  countActions(n: number): void {
    this.actionsProposed += n;
  }

  async render(store: Store, now: number): Promise<string> {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]): void => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, v] of samples) out.push(`${name}${labels} ${v}`);
    };
    metric(
      'telltale_events_in_total',
      'counter',
      'Events accepted, per source.',
      [...this.eventsIn].map(([s, n]) => [`{source="${label(s)}"}`, n]),
    );
    metric('telltale_rejects_in_total', 'counter', 'Malformed records rejected since start.', [['', this.rejectsIn]]);
    metric('telltale_breaches_total', 'counter', 'Model breaches raised since start.', [['', this.breachesRaised]]);
    metric('telltale_actions_total', 'counter', 'Response actions proposed since start.', [['', this.actionsProposed]]);
    metric(
      'telltale_source_lag_seconds',
      'gauge',
      'Ingest delay per live source: wall clock when its latest batch was taken in minus the newest event ' +
        'time in that batch. Not reported for finite inputs (files read once, the demo).',
      [...this.lag].map(([s, seconds]) => [`{source="${label(s)}"}`, seconds]),
    );
    const checkpoints = await store.listCheckpoints();
    metric(
      'telltale_checkpoint_age_seconds',
      'gauge',
      'Seconds since each source last advanced its checkpoint.',
      checkpoints.map((c) => [`{source="${label(c.source)}"}`, Math.max(0, (now - c.updated) / 1000)]),
    );
    metric('telltale_stored_events', 'gauge', 'Events in the store.', [['', await store.countEvents()]]);
    metric('telltale_stored_rejects', 'gauge', 'Rejected records in the store.', [['', await store.countRejects()]]);
    const byStatus = new Map<string, number>();
    for (const a of await store.listActions({ limit: 100_000 }))
      byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    metric(
      'telltale_actions',
      'gauge',
      'Stored response actions by status.',
      [...byStatus].map(([s, n]) => [`{status="${label(s)}"}`, n]),
    );
    return `${out.join('\n')}\n`;
  }
}

/** Prometheus label values escape backslash, quote and newline. */
function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
