import { describe, expect, it } from 'vitest';
import { Analyst } from '../src/analyst/analyst.js';
import { device, endpoint, makeBreach } from '../src/analyst/breachFixture.js';
import { ActionRunner } from '../src/cli/action-runner.js';
import { advanceQuiet, LiveClock } from '../src/cli/live-clock.js';
import type { Action } from '../src/response/action.js';
import { responseConfigSchema } from '../src/response/config.js';
import type { Executor } from '../src/response/executors/executor.js';
import { ResponsePolicy } from '../src/response/policy.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Event time of the breach (the feed's timeline). */
const T0 = Date.parse('2026-03-12T09:40:00Z');
/** Wall time when that breach arrived: the feed runs five minutes behind. */
const W0 = T0 + 5 * MINUTE;

function fakeWall(start: number) {
  let now = start;
  return {
    now: () => now,
    set: (t: number) => {
      now = t;
    },
  };
}

describe('the live clock of telltale run', () => {
  it('moves event time on at the wall clock pace only once the feed has been quiet for the idle time', () => {
    const wall = fakeWall(W0);
    const clock = new LiveClock({ idleMs: MINUTE, now: wall.now });
    expect(clock.due(Number.NEGATIVE_INFINITY)).toBeUndefined();
    expect(clock.due(T0)).toBeUndefined();
    wall.set(W0 + 59_000);
    expect(clock.due(T0)).toBeUndefined();
    wall.set(W0 + 10 * MINUTE);
    expect(clock.due(T0)).toBe(T0 + 10 * MINUTE);
    // Nothing new to tell at the same instant.
    expect(clock.due(T0)).toBeUndefined();
    // A newer event: its time is the new reference, and the idle count starts again.
    wall.set(W0 + 12 * MINUTE);
    expect(clock.due(T0 + 11 * MINUTE)).toBeUndefined();
    wall.set(W0 + 12 * MINUTE + 30_000);
    expect(clock.due(T0 + 11 * MINUTE)).toBeUndefined();
    wall.set(W0 + 20 * MINUTE);
    expect(clock.due(T0 + 11 * MINUTE)).toBe(T0 + 19 * MINUTE);
  });

  it('never moves back: events older than the last advance do not replay it', () => {
    const wall = fakeWall(W0);
    const clock = new LiveClock({ idleMs: MINUTE, now: wall.now });
    clock.due(T0);
    wall.set(W0 + 30 * MINUTE);
    expect(clock.due(T0)).toBe(T0 + 30 * MINUTE);
    // A late batch moves the pipeline's time a little, to before the last advance.
    wall.set(W0 + 31 * MINUTE);
    expect(clock.due(T0 + 2 * MINUTE)).toBeUndefined();
    wall.set(W0 + 40 * MINUTE);
    expect(clock.due(T0 + 2 * MINUTE)).toBeUndefined();
    wall.set(W0 + 61 * MINUTE);
    expect(clock.due(T0 + 2 * MINUTE)).toBe(T0 + 32 * MINUTE);
  });

  it('expires a block and lifts it through the executors, and closes the incident, with no further event', async () => {
    const policy = new ResponsePolicy({ config: responseConfigSchema.parse({ maxMode: 'autonomous' }) });
    const analyst = new Analyst({ closeAfterMs: 2 * HOUR });
    const breach = makeBreach({
      model: 'Compromise::Possible SSL Command and Control',
      time: T0,
      entity: device('10.1.4.23'),
      score: 90,
      related: [endpoint('45.9.148.3')],
      mitre: ['T1071.001'],
    });
    const proposed = policy.onBreach(breach);
    expect(proposed.map((a) => [a.action, a.status, a.expires])).toEqual([['block_connections', 'active', T0 + HOUR]]);
    const [incident] = analyst.onBreach(breach);

    const calls: string[] = [];
    const recorder: Executor = {
      name: 'recorder',
      handles: ['block_connections'],
      apply: async (a) => {
        calls.push(`apply ${a.id}`);
        return 'applied';
      },
      revert: async (a) => {
        calls.push(`revert ${a.id} (${a.status})`);
        return 'lifted';
      },
    };
    const runner = new ActionRunner([recorder]);
    await runner.handle(proposed);
    const id = proposed[0]!.id;
    expect(calls).toEqual([`apply ${id}`]);

    const wall = fakeWall(W0);
    const clock = new LiveClock({ idleMs: MINUTE, now: wall.now });
    const tick = async (at: number) => {
      wall.set(at);
      const time = clock.due(T0);
      if (time === undefined) return { incidents: [], actions: [] as Action[] };
      const changed = advanceQuiet({ analyst, policy }, time);
      await runner.handle(changed.actions);
      return changed;
    };
    expect(await tick(W0)).toEqual({ incidents: [], actions: [] });
    // 59 minutes into the quiet: still in force.
    expect(await tick(W0 + 59 * MINUTE)).toEqual({ incidents: [], actions: [] });
    expect(policy.liveActions().map((a) => a.id)).toEqual([id]);
    // Its hour is up: it expires at the time the clock reached, and the executor lifts it.
    const expired = await tick(W0 + HOUR + 5_000);
    expect(expired.actions.map((a) => [a.id, a.status])).toEqual([[id, 'expired']]);
    expect(expired.actions[0]!.audit.at(-1)).toMatchObject({ time: T0 + HOUR + 5_000, reason: 'duration elapsed' });
    expect(calls).toEqual([`apply ${id}`, `revert ${id} (expired)`]);
    expect(policy.liveActions()).toEqual([]);
    expect(analyst.openIncidents().map((i) => i.id)).toEqual([incident!.id]);
    // Two quiet hours after its last breach, the incident closes too.
    const closed = await tick(W0 + 2 * HOUR);
    expect(closed.incidents.map((i) => [i.id, i.status])).toEqual([[incident!.id, 'closed']]);
    expect(analyst.openIncidents()).toEqual([]);
  });
});
