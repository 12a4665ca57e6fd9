import { describe, expect, it } from 'vitest';
import { runModels } from '../testing.js';
import credentialsDefinition from './credentials-in-prompt.js';
import personalDataDefinition from './personal-data-in-prompt.js';
import {
  anyModel,
  DAY,
  directory,
  finding,
  HOUR,
  login,
  ordinaryDays,
  prompt,
  standInUnusualLogin,
  T0,
} from './test-events.js';

const credentials = anyModel(credentialsDefinition);
const personalData = anyModel(personalDataDefinition);

const T = T0 + 14 * DAY + 10 * HOUR;

describe('finding models: context scoring', () => {
  it('scores the same finding higher after an unusual login of the same user, with the login in the evidence', () => {
    const history = ordinaryDays(['ann@c.com', 'bob@c.com'], 14, 4);
    const key = [finding('credential', 'aws_access_key', 0.95)];
    const { breaches } = runModels(
      [credentials, standInUnusualLogin],
      [
        ...history,
        prompt('ann@c.com', T, { findings: key }),
        login('bob@c.com', T - HOUR, '203.0.113.9'),
        prompt('bob@c.com', T + 60_000, { findings: key }),
      ],
    );
    const ann = breaches.find((b) => b.entity.id === 'ann@c.com')!;
    const bob = breaches.find((b) => b.entity.id === 'bob@c.com' && b.model === credentials.meta.name)!;
    expect(bob.score).toBeGreaterThan(ann.score);
    expect(bob.evidence.map((e) => e.label)).toContain('Recent identity / network breaches of this user');
    expect(ann.evidence.map((e) => e.label)).not.toContain('Recent identity / network breaches of this user');
  });

  it('scores lower when the category is routine for the person, and says so', () => {
    const hr = ordinaryDays(['hr@c.com'], 10, 4, () => ({ findings: [finding('personal_data', 'email')] }));
    const sales = ordinaryDays(['sales@c.com'], 10, 4);
    const { breaches } = runModels(
      [personalData],
      [
        ...hr,
        ...sales,
        prompt('hr@c.com', T, { findings: [finding('personal_data', 'email')] }),
        prompt('sales@c.com', T, { findings: [finding('personal_data', 'email')] }),
      ],
      { learnUntil: T },
    );
    const hrB = breaches.find((b) => b.entity.id === 'hr@c.com')!;
    const salesB = breaches.find((b) => b.entity.id === 'sales@c.com')!;
    expect(hrB.score).toBeLessThan(salesB.score);
    expect(hrB.evidence.some((e) => e.label.startsWith('Reason for a lower score'))).toBe(true);
  });

  it('raises the score for resources no one in the department touches', () => {
    const dir = ['a', 'b', 'c', 'd'].flatMap((n) => [
      directory(`${n}@c.com`, 'max@c.com', 'Sales'),
      directory(`f${n}@c.com`, 'zoe@c.com', 'Finance'),
    ]);
    const sales = ordinaryDays(['a@c.com', 'b@c.com', 'c@c.com', 'd@c.com'], 10, 2, () => ({
      resources: ['sharepoint:/sites/sales/pipeline.xlsx'],
    }));
    const fin = ordinaryDays(['fa@c.com'], 10, 2, () => ({ resources: ['sharepoint:/sites/finance/ledger.xlsx'] }));
    const pii = [finding('personal_data', 'iban')];
    const { breaches } = runModels(
      [personalData],
      [
        ...dir,
        ...sales,
        ...fin,
        prompt('a@c.com', T, { findings: pii, resources: ['sharepoint:/sites/finance/payroll.xlsx'] }),
        prompt('b@c.com', T, { findings: pii, resources: ['sharepoint:/sites/sales/pipeline.xlsx'] }),
      ],
      { learnUntil: T },
    );
    const odd = breaches.find((b) => b.entity.id === 'a@c.com')!;
    const usual = breaches.find((b) => b.entity.id === 'b@c.com')!;
    expect(odd.score).toBeGreaterThan(usual.score);
    expect(odd.evidence.find((e) => e.label === 'Resources unusual for the role')?.baseline).toMatch(
      /0 of 4 people in Sales/,
    );
  });

  it('never repeats the matched text in evidence', () => {
    const { breaches } = runModels(
      [credentials],
      [
        prompt('ann@c.com', T, {
          prompt: 'key AKIAQWERTYUIOPASDFGH',
          findings: [{ category: 'credential', type: 'aws_access_key', start: 4, end: 24, confidence: 0.95 }],
        }),
      ],
    );
    expect(JSON.stringify(breaches)).not.toContain('AKIA');
  });
});
