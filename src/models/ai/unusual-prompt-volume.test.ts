import { describe, expect, it } from 'vitest';
import type { Event } from '../../events/event.js';
import { runModels } from '../testing.js';
import {
  anyModel,
  DAY,
  directory,
  HOUR,
  login,
  message,
  ordinaryDays,
  prompt,
  standInUnusualLogin,
  T0,
} from './test-events.js';

const model = anyModel(definition);

import definition from './unusual-prompt-volume.js';

const T = T0 + 14 * DAY + 10 * HOUR;

function burst(actor: string, start: number, n: number): Event[] {
  return Array.from({ length: n }, (_, i) => prompt(actor, start + i * 90_000));
}

describe(model.meta.name, () => {
  const people = ['ann@c.com', 'bob@c.com', 'cat@c.com', 'dan@c.com'];
  const history = [...people.map((p) => directory(p, 'max@c.com', 'Sales')), ...ordinaryDays(people, 14, 6)];

  it('fires once when a burst crosses several times the usual busiest hour', () => {
    const { breaches } = runModels([model], [...history, ...burst('ann@c.com', T, 35)], { learnUntil: T });
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.entity.id).toBe('ann@c.com');
    expect(breaches[0]!.evidence[0]!.baseline).toMatch(/usual busiest hour/);
  });

  it('stays silent for ordinary volume and for a busy but usual hour', () => {
    const { breaches } = runModels([model], [...history, ...burst('ann@c.com', T, 8)], { learnUntil: T });
    expect(breaches).toEqual([]);
  });

  it("scores a burst right after the manager's message low and says why", () => {
    const cold = runModels([model], [...history, ...burst('ann@c.com', T, 35)], { learnUntil: T }).breaches[0]!;
    const asked = runModels(
      [model],
      [
        ...history,
        message('max@c.com', 'ann@c.com', T - 2 * HOUR, 'Urgent: RFP answers due tomorrow'),
        ...burst('ann@c.com', T, 35),
      ],
      {
        learnUntil: T,
      },
    ).breaches[0]!;
    expect(asked.score).toBeLessThan(cold.score);
    expect(asked.evidence.some((e) => /manager assigned/.test(e.label) && /RFP/.test(String(e.value)))).toBe(true);
    // A message from someone else is no excuse.
    const other = runModels(
      [model],
      [...history, message('bob@c.com', 'ann@c.com', T - 2 * HOUR, 'Urgent!'), ...burst('ann@c.com', T, 35)],
      {
        learnUntil: T,
      },
    ).breaches[0]!;
    expect(other.score).toBe(cold.score);
  });

  it("takes a manager's message as the reason only when it assigns the work, not for routine or broadcast mail", () => {
    const cold = runModels([model], [...history, ...burst('ann@c.com', T, 35)], { learnUntil: T }).breaches[0]!;
    const burstAfter = (...mail: Event[]) =>
      runModels([model], [...history, ...mail, ...burst('ann@c.com', T, 35)], { learnUntil: T }).breaches[0]!;
    const reason = (b: typeof cold) => b.evidence.find((e) => e.label.startsWith('Reason for a lower score'));
    const refused = (b: typeof cold) => b.evidence.find((e) => e.label === 'Manager message not taken as a reason');

    // The manager's urgent note to the whole department: one message, a row per recipient in the trace.
    const department = [...people, 'eve@c.com', 'fay@c.com', 'gus@c.com', 'hal@c.com'];
    const broadcast = department.map((to, i) =>
      message('max@c.com', to, T - 2 * HOUR + i * 1000, 'URGENT: please complete the security training today'),
    );
    const b = burstAfter(...broadcast);
    expect(b.score).toBe(cold.score);
    expect(reason(b)).toBeUndefined();
    expect(String(refused(b)?.baseline)).toMatch(/broadcast to 8 people/);

    // Routine mail to them alone asks for nothing and names nothing the prompts are about.
    const routine = burstAfter(message('max@c.com', 'ann@c.com', T - 2 * HOUR, 'Weekly sync notes'));
    expect(routine.score).toBe(cold.score);
    expect(String(refused(routine)?.baseline)).toMatch(/to them alone, but routine mail \("Weekly"\)/);

    // A direct assignment excuses, and says why.
    const direct = burstAfter(
      message('max@c.com', 'ann@c.com', T - 2 * HOUR, 'Can you draft the tender answers by tomorrow?'),
    );
    expect(direct.score).toBeLessThan(cold.score);
    expect(String(reason(direct)?.baseline)).toMatch(
      /to them alone; the subject asks for work \("can you", "draft", "tomorrow"\)/,
    );

    // A small group, no cue words, but the subject names what the prompts work on.
    const group = ['ann@c.com', 'bob@c.com', 'cat@c.com'].map((to) =>
      message('max@c.com', to, T - 3 * HOUR, 'Northwind tender'),
    );
    const named = runModels(
      [model],
      [
        ...history,
        ...group,
        ...Array.from({ length: 35 }, (_, i) =>
          prompt('ann@c.com', T + i * 90_000, {
            resources: [`sharepoint:/sites/sales/northwind-tender-${i % 4}.docx`],
          }),
        ),
      ],
      { learnUntil: T },
    ).breaches[0]!;
    expect(named.score).toBeLessThan(cold.score);
    expect(String(reason(named)?.baseline)).toMatch(
      /to 3 people including them; the prompt or its resources name "northwind", "tender"/,
    );
    // The same subject with prompts about something else is no reason.
    const unrelated = burstAfter(...group);
    expect(unrelated.score).toBe(cold.score);
    // An earlier assignment still counts when routine mail came after it.
    const both = burstAfter(
      message('max@c.com', 'ann@c.com', T - 4 * HOUR, 'Please prepare the board pack today'),
      message('max@c.com', 'ann@c.com', T - HOUR, 'Weekly sync notes'),
    );
    expect(both.score).toBeLessThan(cold.score);
    expect(reason(both)?.value).toMatch(/board pack/);
  });

  it("scores lower when teammates burst together (the team's pattern)", () => {
    const cold = runModels([model], [...history, ...burst('ann@c.com', T, 35)], { learnUntil: T }).breaches[0]!;
    const team = [
      ...burst('bob@c.com', T - 20 * 60_000, 25),
      ...burst('cat@c.com', T - 20 * 60_000, 25),
      ...burst('ann@c.com', T, 35),
    ].sort((a, b) => a.time - b.time);
    const together = runModels([model], [...history, ...team], { learnUntil: T - HOUR }).breaches.filter(
      (b) => b.entity.id === 'ann@c.com',
    )[0]!;
    expect(together.score).toBeLessThan(cold.score);
    expect(together.evidence.some((e) => /team/.test(e.label))).toBe(true);
  });

  it('takes no excuse from a manager message after an unusual login of the same user', () => {
    const asked = [
      message('max@c.com', 'ann@c.com', T - 2 * HOUR, 'Urgent: RFP answers due tomorrow'),
      ...burst('ann@c.com', T, 35),
    ];
    const plain = runModels([model], [...history, ...asked], { learnUntil: T }).breaches[0]!;
    const afterLogin = runModels(
      [model, standInUnusualLogin],
      [...history, login('ann@c.com', T - 3 * HOUR, '203.0.113.5'), ...asked],
      {
        learnUntil: T - 4 * HOUR,
      },
    ).breaches.find((b) => b.model === model.meta.name)!;
    expect(afterLogin.score).toBeGreaterThan(plain.score);
    expect(afterLogin.evidence.some((e) => e.label === 'No lower score for context')).toBe(true);
  });

  it('catches a steady day-long flood that stays under the hourly bar, and not a merely busy day', () => {
    const spread = (n: number) => Array.from({ length: n }, (_, i) => prompt('ann@c.com', T + i * 6 * 60_000));
    const flood = runModels([model], [...history, ...spread(90)], { learnUntil: T }).breaches;
    expect(flood).toHaveLength(1);
    expect(flood[0]!.evidence[0]!.label).toBe('Prompts today');
    expect(runModels([model], [...history, ...spread(30)], { learnUntil: T }).breaches).toEqual([]);
  });
});
