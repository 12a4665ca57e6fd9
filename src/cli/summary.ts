import type { PipelineCounters } from '../engine/pipeline.js';

export interface RunSummary {
  files: number;
  rejects: number;
  skipped: Record<string, number>;
  rejectFile: string | undefined;
}

const n = (x: number) => x.toLocaleString('en-US');

function list(rec: Record<string, number>): string {
  const entries = Object.entries(rec).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} ${n(v)}`).join(', ');
}

/** The human summary a replay prints to stderr. */
export function formatSummary(c: PipelineCounters, s: RunSummary, incidents: number, elapsedMs: number): string {
  const secs = elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(c.eventsIn / secs) : 0;
  return [
    `telltale replay: ${n(c.eventsIn)} events from ${n(s.files)} files in ${secs.toFixed(1)} s (${n(rate)} events/s)`,
    `  events by kind: ${list(c.eventsByKind)}`,
    `  skipped records (known formats telltale does not use): ${list(s.skipped)}`,
    `  rejected records: ${n(s.rejects)}${s.rejectFile ? ` (each with file and line in ${s.rejectFile})` : ''}`,
    `  late events (beyond the reorder window): ${n(c.late)}`,
    `  breaches: ${n(c.breaches)}${c.breaches > 0 ? ` (${list(c.breachesByModel)})` : ''}; learned, not reported: ${n(c.learnedBreaches)}; allow-listed: ${n(c.suppressedByAllowList)}`,
    `  incidents: ${n(incidents)}; actions: ${n(c.actions)}`,
    '',
  ].join('\n');
}
