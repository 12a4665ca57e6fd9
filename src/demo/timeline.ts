/**
 * The demo's calendar. The shipped benign logs come from different years; they are moved onto one
 * story: a day of ordinary SaaS and AI use, then a morning on which the network logs run and the
 * attacks start. Times of day are kept, so working-hours rhythms stay real.
 */

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The attack morning (UTC). */
export const DEMO_DAY = Date.UTC(2026, 2, 12);

/** Everything before this is learned from (the engine's learnUntil); breaches after it are reported. */
export const DEMO_LEARN_UNTIL = DEMO_DAY + 9 * HOUR;

/** The network slice's first full hour, 2024-04-29T20:00Z, lands on the attack morning at 09:00. */
export const NETWORK_SHIFT = DEMO_LEARN_UNTIL - Date.UTC(2024, 3, 29, 20);

/** The sign-in and prompt logs of 2020-05-20 become the day before the attack. */
export const SAAS_SHIFT = DEMO_DAY - DAY - Date.UTC(2020, 4, 20);

/** Minutes after the start of detection (09:00 on the attack morning). */
export function at(minutes: number, seconds = 0): number {
  return DEMO_LEARN_UNTIL + minutes * 60_000 + seconds * 1000;
}
