import type { EntityRef, SourceRef } from '../events/event.js';

/** One fact a human needs to judge a breach: what was seen, and the baseline it broke. */
export interface Evidence {
  /** Short label, e.g. "Destination", "Devices that contacted it (30 days)". */
  label: string;
  value: string | number | boolean;
  /** The normal this value is compared with, in words and numbers ("0 of 412 devices; first seen now"). */
  baseline?: string;
  /**
   * The rarity the baseline states, as numbers for the analyst's scoring (the text is for people):
   * `seenBy` of `of` entities touched the thing in the window (this one included); `first` when
   * no entity had touched it before.
   */
  rarity?: EvidenceRarity;
}

export interface EvidenceRarity {
  seenBy: number;
  of: number;
  first?: boolean;
}

/** What a model returns; the engine adds id, model name, MITRE ids and source. */
export interface BreachDraft {
  /** 0-100. */
  score: number;
  entity: EntityRef;
  related?: EntityRef[];
  summary: string;
  evidence: Evidence[];
  /** Extra MITRE technique ids beyond the model's own. */
  mitre?: string[];
  /** Event time of the breach; defaults to the triggering event's time. */
  time?: number;
}

export interface Breach {
  id: string;
  model: string;
  time: number;
  score: number;
  entity: EntityRef;
  related: EntityRef[];
  mitre: string[];
  summary: string;
  evidence: Evidence[];
  /** The event(s) that triggered it. */
  sources: SourceRef[];
  /** Raised on an event that arrived after the reorder window. */
  late?: boolean;
}
