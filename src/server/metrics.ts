import type { Store } from '../store/store.js';

/**
 * Counters the pipeline and the server bump, rendered in the Prometheus text format together
 * with gauges read from the store when scraped.
 */
export class ServerMetrics {
  private readonly eventsIn = new Map<string, number>();
  private rejectsIn = 0;
  private breachesRaised = 0;
  private actionsProposed = 0;
  /** Event time of the newest event per source, for lag. */
  private readonly newestEventTime = new Map<string, number>();

  /** Events accepted from `source`; `newestTime` is the newest event time among them. */
  countEvents(source: string, n: number, newestTime?: number): void {
    this.eventsIn.set(source, (this.eventsIn.get(source) ?? 0) + n);
    if (newestTime !== undefined && newestTime > (this.newestEventTime.get(source) ?? Number.NEGATIVE_INFINITY)) {
      this.newestEventTime.set(source, newestTime);
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
      'Wall clock minus the newest event time seen, per source.',
      [...this.newestEventTime].map(([s, t]) => [`{source="${label(s)}"}`, Math.max(0, (now - t) / 1000)]),
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
