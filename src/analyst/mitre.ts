import attack from '../../data/mitre/enterprise-attack.json' with { type: 'json' };
import type { Breach } from '../models/breach.js';

/** An Enterprise ATT&CK tactic, e.g. { id: "TA0011", shortName: "command-and-control" }. */
export interface Tactic {
  id: string;
  shortName: string;
  name: string;
  /** Position in the kill chain, 0 = reconnaissance. */
  order: number;
}

export interface Technique {
  id: string;
  name: string;
  tactics: string[];
}

/** Version of ATT&CK the shipped map follows (data/mitre/README.md). */
export const ATTACK_VERSION: string = attack.attackVersion;

export const TACTICS: readonly Tactic[] = attack.tactics.map(([id, shortName, name], order) => ({
  id: id!,
  shortName: shortName!,
  name: name!,
  order,
}));

const tacticByShortName = new Map(TACTICS.map((t) => [t.shortName, t]));

const techniques = new Map<string, Technique>();
const shipped: Record<string, (string | string[])[]> = attack.techniques;
for (const [id, [name, own]] of Object.entries(shipped)) {
  techniques.set(id, { id, name: name as string, tactics: (own as string[] | undefined) ?? [] });
}
// Sub-techniques without their own list share their parent's tactics, as in ATT&CK.
for (const t of techniques.values()) {
  if (t.tactics.length > 0) continue;
  const parent = techniques.get(t.id.split('.')[0]!);
  if (parent) t.tactics = parent.tactics;
}

/** The technique, or its parent when only the parent is in the map; undefined for non-ATT&CK ids. */
export function technique(id: string): Technique | undefined {
  return techniques.get(id) ?? techniques.get(id.split('.')[0]!);
}

export function tactic(shortName: string): Tactic | undefined {
  return tacticByShortName.get(shortName);
}

/** Enterprise ATT&CK technique ids look like T1071 or T1071.001. */
export function isAttackTechnique(id: string): boolean {
  return /^T\d{4}(\.\d{3})?$/.test(id);
}

/** The tactics of a set of techniques, in kill-chain order, without repeats. */
export function tacticsOf(techniqueIds: Iterable<string>): Tactic[] {
  const seen = new Set<Tactic>();
  for (const id of techniqueIds) {
    for (const s of technique(id)?.tactics ?? []) {
      const t = tacticByShortName.get(s);
      if (t) seen.add(t);
    }
  }
  return [...seen].sort((a, b) => a.order - b.order);
}

/** How far along the kill chain the furthest tactic is: 0 (reconnaissance) to 1 (impact). */
export function chainProgress(tactics: readonly Tactic[]): number {
  let max = -1;
  for (const t of tactics) if (t.order > max) max = t.order;
  return max < 0 ? 0 : max / (TACTICS.length - 1);
}

/** A tactic an incident reached, with the first breach that reached it. */
export interface TacticReached {
  tactic: Tactic;
  time: number;
  breach: string;
}

/**
 * The tactics breaches reached, in the order the attack reached them: each at its first breach
 * (event time; ties by kill-chain position, then breach id). Unlike tacticsOf, this tells the story
 * as it happened: a password spray after the mailbox rule it enabled shows in that order.
 */
export function tacticsReached(breaches: Iterable<Pick<Breach, 'id' | 'time' | 'mitre'>>): TacticReached[] {
  const first = new Map<Tactic, TacticReached>();
  for (const b of breaches) {
    for (const id of b.mitre) {
      for (const s of technique(id)?.tactics ?? []) {
        const t = tacticByShortName.get(s);
        if (t === undefined) continue;
        const had = first.get(t);
        if (had === undefined || b.time < had.time || (b.time === had.time && b.id < had.breach)) {
          first.set(t, { tactic: t, time: b.time, breach: b.id });
        }
      }
    }
  }
  return [...first.values()].sort(
    (a, b) => a.time - b.time || a.tactic.order - b.tactic.order || a.breach.localeCompare(b.breach),
  );
}
