import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './powershell-to-rare-external.js';
import { afterBackground, MINUTE, NetEvents, officeBackground, UA } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on PowerShell to a rare IP, silent on PowerShell to a popular endpoint', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const t = learn + 15 * MINUTE;
    b.http(t, '10.1.0.5', '45.77.12.36', { host: '45.77.12.36', uri: '/stage2.ps1', userAgent: UA.powershell });
    b.http(t, '10.1.0.6', '140.82.112.6', { host: 'api.github.com', uri: '/repos', userAgent: UA.powershell });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.evidence[1]!.baseline).toMatch(/of 20 devices/);
  });
});
