import { describe, expect, it } from 'vitest';
import { HEADINGS, narrativeSections } from '../web/src/narrative.js';
import { type DemoServer, demoServer } from './api-demo-server.js';

const SUMMARY = [
  'What happened: between 2026-03-12 09:00 UTC and 2026-03-12 09:09 UTC, 2 breaches of 2 models on device 10.0.0.111, reaching Command and Control.',
  '1. 2026-03-12 09:00 UTC 10.0.0.111: touched 6 never-seen domains [Compromise::Fast Beaconing to DGA, score 87]',
  '2. 2026-03-12 09:03 UTC 10.0.0.111: keeps a periodic TLS channel (self-signed certificate, no SNI) [Compromise::Possible SSL Command and Control, score 91, 3 times]',
  'Why it is unusual: Compromise::Fast Beaconing to DGA: Domain tpxqzvwkm.top (normal: first contact from any device; 1 of 19 devices); DGA score 1 (normal: benign 5th percentile -4.394). Compromise::Possible SSL Command and Control: Sessions 11 (normal: median interval 14 s).',
  'What could make it benign: CDN and cloud hosts with random-looking labels; Anti-virus reputation lookups.',
  'What to do next: Establish what data left 10.0.0.111. Find the process on 10.0.0.111 that contacts tpxqzvwkm.top; reimage the device if malware is confirmed.',
].join('\n');

const MODELS = ['Compromise::Fast Beaconing to DGA', 'Compromise::Possible SSL Command and Control'];

describe('the incident narrative as sections', () => {
  it('splits the fixed parts into a lead, steps, facts per model, benign causes and next steps', () => {
    const s = narrativeSections(SUMMARY, MODELS);
    expect(s.lead).toMatch(/^Between 2026-03-12 09:00 UTC/);
    expect(s.steps).toEqual([
      {
        text: '2026-03-12 09:00 UTC 10.0.0.111: touched 6 never-seen domains',
        note: 'Compromise::Fast Beaconing to DGA, score 87',
      },
      {
        text: '2026-03-12 09:03 UTC 10.0.0.111: keeps a periodic TLS channel (self-signed certificate, no SNI)',
        note: 'Compromise::Possible SSL Command and Control, score 91, 3 times',
      },
    ]);
    expect(s.unusual).toEqual([
      {
        model: 'Compromise::Fast Beaconing to DGA',
        facts: [
          'Domain tpxqzvwkm.top (normal: first contact from any device; 1 of 19 devices)',
          'DGA score 1 (normal: benign 5th percentile -4.394)',
        ],
      },
      { model: 'Compromise::Possible SSL Command and Control', facts: ['Sessions 11 (normal: median interval 14 s)'] },
    ]);
    expect(s.benign).toEqual(['CDN and cloud hosts with random-looking labels', 'Anti-virus reputation lookups']);
    expect(s.next).toEqual([
      'Establish what data left 10.0.0.111.',
      'Find the process on 10.0.0.111 that contacts tpxqzvwkm.top; reimage the device if malware is confirmed.',
    ]);
    expect(s.other).toEqual([]);
  });

  it('keeps every word of every real demo narrative in some section', async () => {
    let demo: DemoServer | undefined;
    try {
      demo = await demoServer();
      const incidents = await demo.store.listIncidents({ limit: 100 });
      expect(incidents.length).toBeGreaterThan(2);
      for (const i of incidents) {
        const s = narrativeSections(
          i.summary,
          i.timeline.map((t) => t.model),
        );
        expect(s.lead, i.title).toBeDefined();
        expect(s.steps.length, i.title).toBeGreaterThan(0);
        expect(
          s.unusual.every((u) => u.model !== ''),
          i.title,
        ).toBe(true);
        expect(s.benign.length + s.next.length, i.title).toBeGreaterThan(1);
        // The headings are drawn by the page; everything else must come out of the sections.
        const shown = [
          ...HEADINGS,
          s.lead,
          ...s.steps.flatMap((x) => [x.text, x.note]),
          ...s.unusual.flatMap((u) => [u.model, ...u.facts]),
          ...s.benign,
          ...s.next,
          ...s.other,
        ].join(' ');
        const words = (t: string) => t.match(/[A-Za-z0-9@.]{4,}/g) ?? [];
        const kept = new Set(words(shown.toLowerCase()));
        expect(
          words(i.summary.toLowerCase()).filter((w) => !kept.has(w) && !kept.has(w.replace(/\.$/, ''))),
          i.title,
        ).toEqual([]);
      }
    } finally {
      await demo?.app.close();
      await demo?.store.close();
    }
  });
});
