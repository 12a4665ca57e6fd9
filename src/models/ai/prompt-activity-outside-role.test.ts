import { describe, expect, it } from 'vitest';
import type { Event } from '../../events/event.js';
import { runModels } from '../testing.js';
import definition from './prompt-activity-outside-role.js';
import { anyModel, DAY, directory, HOUR, message, ordinaryDays, prompt, T0 } from './test-events.js';

const model = anyModel(definition);

const T = T0 + 14 * DAY + 10 * HOUR;
const sales = ['a@c.com', 'b@c.com', 'c@c.com', 'd@c.com'];
const finance = ['fa@c.com', 'fb@c.com'];
const history: Event[] = [
  ...sales.map((u) => directory(u, 'max@c.com', 'Sales')),
  ...finance.map((u) => directory(u, 'zoe@c.com', 'Finance')),
  ...ordinaryDays(sales, 14, 3, () => ({ resources: ['sharepoint:/sites/sales/pipeline.xlsx'] })),
  ...ordinaryDays(finance, 14, 3, () => ({ resources: ['sharepoint:/sites/finance/ledger.xlsx'] })),
  ...ordinaryDays(['etl-agent'], 14, 4, () => ({
    actorType: 'agent',
    tools: ['warehouse.query'],
    resources: ['warehouse:/sales/orders'],
  })),
];

describe(model.meta.name, () => {
  it("fires when a person reaches data their department never touches, and for an agent's new tools on new data", () => {
    const { breaches } = runModels(
      [model],
      [
        ...history,
        prompt('a@c.com', T, { resources: ['sharepoint:/sites/finance/payroll.xlsx'] }),
        prompt('etl-agent', T, {
          actorType: 'agent',
          tools: ['graph.mail.send', 'sharepoint.download'],
          resources: ['sharepoint:/sites/hr/salaries.xlsx'],
        }),
      ],
      { learnUntil: T },
    );
    const person = breaches.find((b) => b.entity.id === 'a@c.com')!;
    expect(person.evidence[0]!.baseline).toMatch(/0 of 4 people in Sales/);
    const agent = breaches.find((b) => b.entity.id === 'etl-agent')!;
    expect(agent.evidence.map((e) => e.label)).toEqual([
      'Tools the agent never called',
      'Data the agent never touched',
    ]);
    expect(agent.score).toBeGreaterThan(person.score);
  });

  it('stays silent for data peers use and for an agent doing its usual job', () => {
    const { breaches } = runModels(
      [model],
      [
        ...history,
        prompt('a@c.com', T, { resources: ['sharepoint:/sites/sales/forecast.xlsx'] }),
        prompt('fa@c.com', T, { resources: ['sharepoint:/sites/finance/payroll.xlsx'] }),
        prompt('etl-agent', T, {
          actorType: 'agent',
          tools: ['warehouse.query'],
          resources: ['warehouse:/sales/orders'],
        }),
      ],
      { learnUntil: T },
    );
    expect(breaches).toEqual([]);
  });

  it('scores lower when the manager asked for the cross-team work', () => {
    const odd = prompt('a@c.com', T, { resources: ['sharepoint:/sites/finance/payroll.xlsx'] });
    const cold = runModels([model], [...history, odd], { learnUntil: T }).breaches[0]!;
    const asked = runModels(
      [model],
      [...history, message('max@c.com', 'a@c.com', T - HOUR, 'Please help finance with the audit today'), odd],
      { learnUntil: T },
    ).breaches[0]!;
    expect(asked.score).toBeLessThan(cold.score);
  });
});
