import type { Breach } from '../models/breach.js';
import { Analyst } from './analyst.js';
import type { Incident } from './incident.js';

/** How often (event time) the pipeline tells the analyst that time has moved on (src/engine/pipeline.ts). */
const ADVANCE_EVERY_MS = 60_000;

/**
 * Feed breaches to an analyst in the order the engine raised them, advancing event time as the
 * pipeline does, for end-to-end tests: the incidents that stand at the end (merged ones left out),
 * oldest first.
 */
export function incidentsOf(breaches: readonly Breach[], analyst: Analyst = new Analyst()): Incident[] {
  const all = new Map<string, Incident>();
  let lastAdvance = Number.NEGATIVE_INFINITY;
  for (const b of breaches) {
    for (const inc of analyst.onBreach(b)) all.set(inc.id, inc);
    if (b.time - lastAdvance >= ADVANCE_EVERY_MS) {
      lastAdvance = b.time;
      for (const inc of analyst.advance(b.time)) all.set(inc.id, inc);
    }
  }
  return [...all.values()]
    .filter((i) => i.mergedInto === undefined)
    .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}

/** One numbered step of an incident's narrative ("3. 2026-03-05 10:07 UTC host: ... [model, score 82]"). */
export interface NarrativeStep {
  n: number;
  time: string;
  model: string;
}

const STEP = /^(\d+)\. (\d{4}-\d\d-\d\d \d\d:\d\d) UTC.* \[([^\]]+), score \d+(?:, \d+ times)?\]$/;

/** The numbered steps of a narrative, as written. */
export function narrativeSteps(summary: string): NarrativeStep[] {
  const out: NarrativeStep[] = [];
  for (const line of summary.split('\n')) {
    const m = STEP.exec(line);
    if (m) out.push({ n: Number(m[1]), time: m[2]!, model: m[3]! });
  }
  return out;
}

/** The steps a narrative should tell: the breaches in event-time order, consecutive ones of one model as one step. */
export function expectedSteps(breaches: readonly Breach[]): string[] {
  const ordered = [...breaches].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  const models: string[] = [];
  for (const b of ordered) if (models.at(-1) !== b.model) models.push(b.model);
  return models;
}
