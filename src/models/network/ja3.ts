import type { BaselineView } from '../../baseline/view.js';
import type { NetTlsEvent } from '../../events/event.js';
import type { Evidence } from '../breach.js';
import { describeSpread, spreadOf } from './rarity.js';

/** Points a TLS client fingerprint adds to a TLS model's score: 0..JA3_POINTS, half when unknown. */
export const JA3_POINTS = 10;

/**
 * How much the client's JA3 says about a TLS session: a fingerprint no other device on the network
 * presents (a hand-built client, an implant's TLS library) earns JA3_POINTS, one that half the
 * devices or more present (the browser or operating system everyone runs) earns none, linearly in
 * between. Without a JA3 in the log the session earns half, so the score neither gains nor loses.
 */
export function ja3Points(
  view: BaselineView,
  e: NetTlsEvent,
  device: string,
): { points: number; evidence: Evidence[] } {
  if (e.ja3 === undefined || e.ja3 === '') return { points: JA3_POINTS / 2, evidence: [] };
  const spread = spreadOf(view, 'ja3:', e.ja3, device, e.time);
  const rare = Math.max(0, 1 - 2 * spread.share);
  return {
    points: JA3_POINTS * rare,
    evidence: [{ label: 'TLS client fingerprint (JA3)', value: e.ja3, baseline: describeSpread(spread) }],
  };
}
