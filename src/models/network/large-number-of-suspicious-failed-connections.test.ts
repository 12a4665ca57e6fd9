import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './large-number-of-suspicious-failed-connections.js';
import { afterBackground, MINUTE, NetEvents, officeBackground } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on a burst of failures to one rare IP, silent on a device that always retries a dead common server', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // Every device retries a decommissioned common server a few times an hour: the network's normal.
    for (const d of devices) {
      for (let h = 0; h < 72; h++)
        for (let k = 0; k < 3; k++)
          b.conn(learn - 72 * 3600_000 + h * 3600_000 + k * MINUTE, d, '52.113.1.1', 443, {
            connState: 'S0',
            bytesOut: 0,
          });
    }
    const t = learn + 30 * MINUTE;
    for (let i = 0; i < 90; i++)
      b.conn(t + i * 15_000, '10.1.0.5', '45.77.12.40', 8080, { connState: i % 2 ? 'REJ' : 'S0', bytesOut: 0 });
    for (let k = 0; k < 4; k++) b.conn(t + k * MINUTE, '10.1.0.6', '52.113.1.1', 443, { connState: 'S0', bytesOut: 0 });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.evidence[1]!.value).toMatch(/^45\.77\.12\.40 \(\d+ failures\)$/);
  });
});
