import type { BaselineView } from '../../baseline/view.js';
import type { Evidence } from '../breach.js';

export interface Rarity {
  /** Distinct devices that touched the thing in the learning window (this one included). */
  touchers: number;
  /** Devices other than this one. */
  others: number;
  saturated: boolean;
  firstSeen?: number;
  /** This device has not touched it in the window. */
  newForDevice: boolean;
}

/** Network-wide rarity of a prevalence thing (`ip:`, `host:`, `dom:`, `ua:`... and its name) as seen by `device`. */
export function rarityOf(view: BaselineView, prefix: string, name: string, device: string, now: number): Rarity {
  const r = view.prevalence.readNamed(prefix, name, now);
  const mine = view.prevalence.touchedByNamed(prefix, name, device, now);
  const out: Rarity = {
    touchers: r.touchers,
    others: r.touchers - (mine ? 1 : 0),
    saturated: r.saturated,
    newForDevice: !mine,
  };
  if (r.firstSeen !== undefined) out.firstSeen = r.firstSeen;
  return out;
}

/** Rare: touched by at most `maxOthers` other devices in the window. */
export function isRare(r: Rarity, maxOthers: number): boolean {
  return !r.saturated && r.others <= maxOthers;
}

/**
 * The baseline a rarity broke, in words and numbers: "first connection from any device in the
 * 30 days seen; 1 of 412 devices". Called only when a breach is raised (it counts devices).
 */
export function describeRarity(view: BaselineView, r: Rarity, now: number, what = 'connection'): string {
  const days = Math.max(1, Math.round(view.network.daysSeen(now)));
  const windowStart = now - view.prevalence.windowMs;
  const devices = Math.max(1, view.entities.count('device', windowStart));
  const touched = r.others + 1;
  if (r.others === 0) {
    return `first ${what} from any device in the ${days} days seen; ${touched} of ${devices} devices`;
  }
  const age = r.firstSeen === undefined ? 'now' : ageText(now - r.firstSeen);
  const sat = r.saturated ? '+' : '';
  return `${touched}${sat} of ${devices} devices in the ${days} days seen; first seen ${age} ago`;
}

/**
 * An evidence item's baseline for a rarity: the words of `describeRarity` for people and the same
 * numbers as fields for the analyst's scoring, so neither has to be read back from the other.
 */
export function rarityEvidence(
  view: BaselineView,
  r: Rarity,
  now: number,
  what = 'connection',
): Pick<Evidence, 'baseline' | 'rarity'> {
  const windowStart = now - view.prevalence.windowMs;
  const devices = Math.max(1, view.entities.count('device', windowStart));
  const rarity = r.others === 0 ? { seenBy: 1, of: devices, first: true } : { seenBy: r.others + 1, of: devices };
  return { baseline: describeRarity(view, r, now, what), rarity };
}

/**
 * How widely the rest of the network uses a thing around an endpoint (its ASN, a TLS client
 * fingerprint): the share of the other devices seen in the window that touched it. An endpoint
 * nobody else talks to inside an ASN every device uses (a cloud region, a CDN) is far less telling
 * than one in an ASN no other device has ever reached. Called only when a breach is raised.
 */
export interface Spread {
  /** Devices other than this one that touched the thing. */
  others: number;
  /** Devices seen in the window (this one included). */
  devices: number;
  /** others / (devices - 1), 0..1. */
  share: number;
}

export function spreadOf(view: BaselineView, prefix: string, name: string, device: string, now: number): Spread {
  const r = rarityOf(view, prefix, name, device, now);
  const devices = Math.max(1, view.entities.count('device', now - view.prevalence.windowMs));
  const others = r.saturated ? Math.max(r.others, devices - 1) : r.others;
  return { others, devices, share: devices <= 1 ? 0 : Math.min(1, others / (devices - 1)) };
}

/** "used by 23 other devices (of 24 seen in the window)", for evidence. */
export function describeSpread(s: Spread): string {
  return `used by ${s.others} other device${s.others === 1 ? '' : 's'} (of ${s.devices} seen in the window)`;
}

export function ageText(ms: number): string {
  if (ms < 3_600_000) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}

/** "12.3 MB", for evidence. */
export function bytesText(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
