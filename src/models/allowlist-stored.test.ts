import { describe, expect, it } from 'vitest';
import { applyAllowList } from './allowlist-stored.js';
import type { Breach } from './breach.js';

function breach(id: string, model: string, entity: string, related: string[]): Breach {
  return {
    id,
    model,
    time: 0,
    score: 50,
    entity: { kind: 'device', id: entity },
    related: related.map((r) => ({ kind: 'endpoint', id: r })),
    mitre: [],
    summary: '',
    evidence: [],
    sources: [],
  };
}

describe('applyAllowList', () => {
  const stored = [
    breach('a', 'Compromise::Beaconing Activity To External Rare', '10.1.0.5', ['updates.vendor.com']),
    breach('b', 'Compromise::Beaconing Activity To External Rare', '10.1.0.6', ['45.77.12.34']),
    breach('c', 'Unusual Activity::Unusual External Data to New Endpoint', '10.1.0.20', ['203.0.113.80']),
    breach('d', 'Unusual Activity::Unusual External Data to New Endpoint', '10.1.0.7', ['198.51.100.1']),
    breach('e', 'Device::New PowerShell User Agent', '10.9.0.1', ['x']),
  ];

  it('drops stored breaches whose entity, tag or related endpoint is allowed for their model only', () => {
    const kept = applyAllowList(
      stored,
      {
        'Compromise::Beaconing Activity To External Rare': { allow: ['*.vendor.com'] },
        'Unusual Activity::Unusual External Data to New Endpoint': { allow: ['203.0.113.0/24', 'tag:backup'] },
        'Device::New PowerShell User Agent': { allow: ['10.9.0.0/16'] },
      },
      (e) => (e.id === '10.1.0.7' ? ['backup'] : undefined),
    );
    expect(kept.map((b) => b.id)).toEqual(['b']);
  });

  it('keeps everything when no list applies', () => {
    expect(applyAllowList(stored, { 'Compromise::Beaconing Activity To External Rare': { allow: [] } })).toHaveLength(
      5,
    );
    expect(applyAllowList(stored, { 'Other model': { allow: ['10.1.0.5'] } })).toHaveLength(5);
  });
});
