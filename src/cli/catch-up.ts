import type { Pipeline, PipelineSnapshot } from '../engine/pipeline.js';
import type { Store } from '../store/store.js';

const PAGE = 5000;

/**
 * After a restart the pipeline restores its last snapshot, but the store already holds every event
 * committed with a checkpoint since then (a crash loses no event, only detection state). Those
 * events are fed through the pipeline again in stored order, so that baselines, incidents and
 * composite models stand where an uninterrupted run would have them. Events at exactly the
 * snapshot's time that it had already processed are skipped (the snapshot counts them). Breach ids
 * are deterministic and the store keeps a breach once, so what was reported before is not doubled.
 * With no snapshot, every stored event is replayed.
 */
export async function catchUp(
  store: Store,
  pipeline: Pipeline,
  snapshot: PipelineSnapshot | undefined,
): Promise<number> {
  const since = snapshot?.time;
  let skip = since === undefined || !Number.isFinite(since) ? 0 : (snapshot?.processedAtTime ?? 0);
  let n = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.queryEvents({
      ...(since !== undefined && Number.isFinite(since) ? { from: since } : {}),
      order: 'asc',
      limit: PAGE,
      offset,
    });
    if (page.length === 0) break;
    let events = page;
    if (skip > 0) {
      events = page.filter((e) => !(e.time === since && skip-- > 0));
    }
    pipeline.push(events);
    const { breaches, incidents, actions } = pipeline.takeWrites();
    await store.commit({ breaches: breaches ?? [], incidents: incidents ?? [], actions: actions ?? [] });
    n += events.length;
    if (page.length < PAGE) break;
  }
  return n;
}
