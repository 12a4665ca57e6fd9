import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './new-user-agent-to-ip-without-hostname.js';
import { afterBackground, MINUTE, NetEvents, officeBackground, UA } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on a never-used agent to an unresolved rare IP, silent when the agent is the device habit', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // 10.1.0.8 has long used its updater agent to a bare-IP server (its habit).
    for (let d = 0; d < 3; d++)
      b.http(learn - (3 - d) * 86_400_000, '10.1.0.8', '198.51.100.20', {
        host: '198.51.100.20',
        userAgent: 'VendorUpdater/2.1',
      });
    const t = learn + 60 * MINUTE;
    b.http(t, '10.1.0.5', '45.77.12.34', { method: 'POST', host: '45.77.12.34:6783', userAgent: UA.curl, port: 6783 });
    b.http(t, '10.1.0.8', '198.51.100.20', { host: '198.51.100.20', userAgent: 'VendorUpdater/2.1' });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.evidence[0]!.baseline).toMatch(/new for this device/);
  });
});
