import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './anomalous-github-download.js';
import { afterBackground, DAY, MINUTE, NetEvents, officeBackground, UA } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on a first GitHub download by PowerShell, silent for a developer who uses GitHub daily', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // officeBackground has every device on api.github.com; give 10.1.0.5 and 10.1.0.9 a history without it.
    for (let d = 0; d < 3; d++) {
      b.tls(learn - (3 - d) * DAY, '10.1.0.99', '142.250.1.1', { serverName: 'www.google.com' });
      b.tls(learn - (3 - d) * DAY, '10.1.0.98', '142.250.1.1', { serverName: 'www.google.com' });
      b.tls(learn - (3 - d) * DAY, '10.1.0.6', '185.199.108.133', { serverName: 'raw.githubusercontent.com' });
    }
    const t = learn + 20 * MINUTE;
    b.http(t, '10.1.0.99', '185.199.108.133', {
      host: 'raw.githubusercontent.com',
      uri: '/x/y/main/tool.exe',
      userAgent: UA.powershell,
    });
    b.http(t, '10.1.0.6', '185.199.108.133', {
      host: 'raw.githubusercontent.com',
      uri: '/a/b/main/setup.sh',
      userAgent: UA.curl,
    });
    // First GitHub visit in a browser with nothing else going on: silent.
    b.tls(t, '10.1.0.98', '140.82.112.3', { serverName: 'github.com' });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.99']);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Client')?.value).toBe('PowerShell');
  });
});
