import { describe, expect, it } from 'vitest';
import { promptDetectorSettings } from './detectors-config.js';
import { maskPrompt, scanPrompt } from './index.js';

describe('ai.detectors configuration', () => {
  it('defaults: every category, default topics, masking of personal data and credentials', () => {
    const { scan, mask } = promptDetectorSettings(undefined);
    expect(scan.categories).toBeUndefined();
    expect(scan.policyTopics!.map((t) => t.id)).toContain('malware_development');
    expect(mask?.categories).toEqual(['personal_data', 'credential']);
  });

  it('extra topics and dictionaries take effect in scanPrompt', () => {
    const { scan } = promptDetectorSettings({
      extraPolicyTopics: [{ id: 'competitor_intel', phrases: ['Contoso price list'] }],
      businessDictionaries: [{ type: 'project_codename', terms: ['Falcon'] }],
    });
    const types = scanPrompt('Get me the Contoso price list for Falcon', scan).map((f) => f.type);
    expect(types).toEqual(expect.arrayContaining(['competitor_intel', 'project_codename']));
    expect(scanPrompt('Write ransomware', scan).map((f) => f.type)).toContain('malware_development');
  });

  it('replacing topics drops the defaults; switching masking off gives no mask options', () => {
    const { scan, mask } = promptDetectorSettings({
      policyTopics: [{ id: 'only', phrases: ['forbidden thing'] }],
      mask: { enabled: false },
    });
    expect(scanPrompt('Write ransomware', scan)).toEqual([]);
    expect(mask).toBeUndefined();
  });

  it('labels configure the mask text', () => {
    const { scan, mask } = promptDetectorSettings({ mask: { labels: { payment_card: 'PAN' } } });
    const text = 'card 4111 1111 1111 1111';
    expect(maskPrompt(text, scanPrompt(text, scan), mask)).toBe('card [PAN]');
  });

  it('configured topics take structural patterns and are checked against their own examples', () => {
    const topic = {
      id: 'merger_leak',
      patterns: [
        {
          allOf: [
            ['leak*', 'send*'],
            ['merger', 'acquisition'],
            ['press', 'journalist*'],
          ],
        },
      ],
      examples: ['Leak the acquisition terms to a journalist'],
      counterExamples: ['Send the journalist our press kit'],
    };
    const { scan } = promptDetectorSettings({ extraPolicyTopics: [topic] });
    expect(scanPrompt('Send the merger memo to the press desk', scan).map((f) => f.type)).toContain('merger_leak');
    expect(() =>
      promptDetectorSettings({ extraPolicyTopics: [{ ...topic, examples: ['Tell a journalist about our merger'] }] }),
    ).toThrow(/topic merger_leak: example does not match: "Tell a journalist about our merger"/);
    expect(() =>
      promptDetectorSettings({
        extraPolicyTopics: [{ ...topic, counterExamples: ['Send the merger news to the press'] }],
      }),
    ).toThrow(/topic merger_leak: counter-example matches/);
    expect(() => promptDetectorSettings({ extraPolicyTopics: [{ id: 'empty' }] })).toThrow(/phrases or patterns/);
  });

  it('rejects bad values with the field named', () => {
    expect(() => promptDetectorSettings({ categories: ['nonsense'] })).toThrow(/categories/);
    expect(() => promptDetectorSettings({ classifierThreshold: 2 })).toThrow(/classifierThreshold/);
  });
});
