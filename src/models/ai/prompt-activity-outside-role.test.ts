import { describe, expect, it } from 'vitest';
import type { AiPromptEvent, Event } from '../../events/event.js';
import { runModels } from '../testing.js';
import definition from './prompt-activity-outside-role.js';
import { anyModel, DAY, directory, finding, HOUR, message, ordinaryDays, prompt, T0 } from './test-events.js';

const model = anyModel(definition);

const T = T0 + 14 * DAY + 10 * HOUR;
const sales = ['a@c.com', 'b@c.com', 'c@c.com', 'd@c.com'];
const finance = ['fa@c.com', 'fb@c.com'];
const history: Event[] = [
  ...sales.map((u) => directory(u, 'max@c.com', 'Sales')),
  ...finance.map((u) => directory(u, 'zoe@c.com', 'Finance')),
  // Salespeople paste customer contacts; finance pastes financial extracts.
  ...ordinaryDays(sales, 14, 3, (_, i) => ({
    resources: ['sharepoint:/sites/sales/pipeline.xlsx'],
    ...(i === 0 ? { findings: [finding('personal_data', 'email')] } : {}),
  })),
  ...ordinaryDays(finance, 14, 3, (_, i) => ({
    resources: ['sharepoint:/sites/finance/ledger.xlsx'],
    ...(i === 0 ? { findings: [finding('sensitive_business', 'financial_record')] } : {}),
  })),
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

  it("weighs what the prompt is about: a topic nobody in the person's department raises scores higher and is named", () => {
    const reach = { resources: ['sharepoint:/sites/finance/payroll.xlsx'] };
    const run = (extra: Partial<AiPromptEvent>) =>
      runModels([model], [...history, prompt('a@c.com', T, { ...reach, ...extra })], { learnUntil: T }).breaches[0]!;
    const topicEvidence = (b: ReturnType<typeof run>) =>
      b.evidence.find((e) => e.label === 'Topics unusual for the role');
    const plain = run({});
    expect(topicEvidence(plain)).toBeUndefined();
    // Finance raises financial records every day; nobody in Sales ever did.
    const financial = run({ findings: [finding('sensitive_business', 'financial_record')] });
    expect(topicEvidence(financial)).toEqual({
      label: 'Topics unusual for the role',
      value: 'business:financial_record',
      baseline:
        '0 of 4 people in Sales raised it through AI in the window (business:financial_record: 2 actors org-wide)',
    });
    expect(financial.score).toBeGreaterThan(plain.score);
    const theft = run({ findings: [finding('policy', 'credential_theft')] });
    expect(String(topicEvidence(theft)?.baseline)).toMatch(/policy:credential_theft: 0 actors org-wide/);
    // Personal data is what salespeople paste all the time: not unusual for the role.
    const contacts = run({ findings: [finding('personal_data', 'email')] });
    expect(topicEvidence(contacts)).toBeUndefined();
    expect(contacts.score).toBe(plain.score);
  });

  it('names the topics an agent never raised when it reaches for new tools and data', () => {
    const { breaches } = runModels(
      [model],
      [
        ...history,
        prompt('etl-agent', T, {
          actorType: 'agent',
          tools: ['graph.mail.send'],
          resources: ['sharepoint:/sites/hr/salaries.xlsx'],
          findings: [finding('policy', 'data_exfiltration')],
        }),
      ],
      { learnUntil: T },
    );
    expect(breaches[0]!.evidence.find((e) => e.label === 'Topics the agent never raised')?.value).toBe(
      'policy:data_exfiltration',
    );
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
