import { describe, expect, it } from 'vitest';
import { AllowList } from './allowlist.js';
import { entityTagger } from './entity-tags.js';

describe('entityTagger', () => {
  const tagsOf = entityTagger({ 'backup-servers': ['10.20.0.0/16', 'backup01'], finance: ['*.finance.contoso.com'] });

  it('tags entities by id, range and domain suffix', () => {
    expect(tagsOf({ kind: 'device', id: '10.20.3.4' })).toEqual(['backup-servers']);
    expect(tagsOf({ kind: 'device', id: 'backup01' })).toEqual(['backup-servers']);
    expect(tagsOf({ kind: 'device', id: 'pc7.finance.contoso.com' })).toEqual(['finance']);
    expect(tagsOf({ kind: 'device', id: '10.21.0.1' })).toEqual([]);
  });

  it('lets an allow-list name a tag', () => {
    const allow = new AllowList(['tag:backup-servers']);
    expect(allow.matches('10.20.9.9', tagsOf({ kind: 'device', id: '10.20.9.9' }))).toBe(true);
    expect(allow.matches('10.30.9.9', tagsOf({ kind: 'device', id: '10.30.9.9' }))).toBe(false);
  });
});
