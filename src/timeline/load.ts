import type { Event } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { Store } from '../store/store.js';
import { buildTimeline, type Timeline, type TimelineQuery } from './timeline.js';

/** At most this many events of each query are read for one timeline. */
const MAX_EVENTS = 20_000;

/**
 * A timeline read from the store: the actor's own events, the prompts and messages of the window
 * (agents acting for the person and mail to them belong to others), and the breaches of the
 * window, then ordered by `buildTimeline`.
 */
export async function loadTimeline(store: Store, q: TimelineQuery): Promise<Timeline> {
  const actor = q.actor.toLowerCase();
  const window = { from: q.from, to: q.to, limit: MAX_EVENTS, order: 'asc' as const };
  const [own, around, breaches] = await Promise.all([
    store.queryEvents({ ...window, entity: actor }),
    store.queryEvents({ ...window, kinds: ['ai.prompt', 'org.message'] }),
    store.queryBreaches({ from: q.from, to: q.to, limit: MAX_EVENTS }),
  ]);
  const events: Event[] = own.slice();
  // The actor's own prompts and messages came with the first query.
  for (const e of around) if (e.entity.id !== actor) events.push(e);
  const mine: Breach[] = breaches.filter((b) => b.entity.id === actor || b.related.some((r) => r.id === actor));
  return buildTimeline(events, mine, { ...q, actor });
}
