import { describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach, user } from './breachFixture.js';
import { tacticsOf } from './mitre.js';
import { buildNarrative, modelDomain } from './narrative.js';

const T = Date.parse('2026-03-10T09:00:00Z');
const describeModel = (name: string) =>
  name === 'Compromise::Beaconing Activity To External Rare'
    ? { falsePositives: ['Software update checks'] }
    : undefined;

describe('narrative', () => {
  const breaches = [
    makeBreach({
      model: 'Compromise::Beaconing Activity To External Rare',
      time: T,
      entity: device('10.0.0.5'),
      score: 60,
      mitre: ['T1071.001'],
      related: [endpoint('45.9.148.3:443')],
      summary: 'Beacons every 60 s',
      evidence: [{ label: 'Devices', value: 1, baseline: '1 of 300 devices' }],
    }),
    makeBreach({
      model: 'Compromise::Beaconing Activity To External Rare',
      time: T + 60_000,
      entity: device('10.0.0.6'),
      score: 65,
      mitre: ['T1071.001'],
      related: [endpoint('45.9.148.3')],
      summary: 'Beacons every 61 s',
    }),
  ];

  it('calls a scan of the internal network reconnaissance and says how to follow it up', () => {
    const scan = makeBreach({
      model: 'Device::Network Scan',
      time: T,
      entity: device('10.0.0.9'),
      score: 85,
      mitre: ['T1046', 'T1018'],
      summary: '10.0.0.9 probed 319 internal services this hour (110 hosts on 10 ports) without exchanging data',
    });
    const n = buildNarrative([scan], tacticsOf(scan.mitre), [], describeModel);
    expect(n.title).toBe('Possible internal reconnaissance on 10.0.0.9');
    expect(n.summary).toContain('reaching in turn Discovery');
    expect(n.summary).toMatch(/What to do next: Ask who ran a scan from 10\.0\.0\.9;/);
    // With command and control in the same incident, that leads the title; the scan is still followed up.
    const both = buildNarrative([scan, breaches[0]!], tacticsOf([...scan.mitre, 'T1071.001']), [], describeModel);
    expect(both.title).toMatch(/^Possible command and control on /);
    expect(both.summary).toContain('Ask who ran a scan from 10.0.0.9');
  });

  it('is the same for the same evidence, and groups a repeated step over several entities', () => {
    const a = buildNarrative(breaches, tacticsOf(['T1071.001']), [], describeModel);
    const b = buildNarrative([...breaches].reverse(), tacticsOf(['T1071.001']), [], describeModel);
    expect(a).toEqual(b);
    expect(a.title).toBe('Possible command and control on 10.0.0.5 and 1 other entity');
    expect(a.summary).toContain(
      '1. 2026-03-10 09:00 UTC to 2026-03-10 09:01 UTC 2 devices (10.0.0.5 and 10.0.0.6): Beacons every 60 s [Compromise::Beaconing Activity To External Rare, score 65, 2 times]',
    );
    expect(a.summary).toContain('Devices 1 (normal: 1 of 300 devices)');
    expect(a.summary).toContain('What could make it benign: Software update checks.');
    expect(a.summary).toContain('that contacts 45.9.148.3, block');
  });

  it('names the entity of a step once when its summary already opens with it', () => {
    const b = (summary: string) =>
      makeBreach({
        model: 'Device::New PowerShell User Agent',
        time: T,
        entity: device('10.0.0.9'),
        score: 50,
        summary,
      });
    const said = buildNarrative(
      [b('10.0.0.9 made its first PowerShell HTTP request')],
      tacticsOf([]),
      [],
      describeModel,
    );
    expect(said.summary).toContain('09:00 UTC 10.0.0.9 made its first PowerShell HTTP request');
    expect(said.summary).not.toContain('10.0.0.9: 10.0.0.9');
    const unsaid = buildNarrative([b('First PowerShell HTTP request')], tacticsOf([]), [], describeModel);
    expect(unsaid.summary).toContain('10.0.0.9: First PowerShell HTTP request');
  });

  it('says so when no benign cause is known, and names domains by model prefix', () => {
    const n = buildNarrative(
      [makeBreach({ model: 'AI / Prompt / Jailbreak Attempt', time: T, entity: user('a@b.c'), score: 70 })],
      [],
      [],
      () => undefined,
    );
    expect(n.title).toBe('Risky AI activity on a@b.c');
    expect(n.summary).toContain('no known benign cause is recorded');
    expect(['SaaS / X', 'IaaS / X', 'AI / X', 'Response / X', 'Device::X'].map(modelDomain)).toEqual([
      'saas',
      'saas',
      'ai',
      'response',
      'network',
    ]);
  });
});
