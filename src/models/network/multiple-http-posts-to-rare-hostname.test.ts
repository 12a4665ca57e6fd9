import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './multiple-http-posts-to-rare-hostname.js';
import { afterBackground, DAY, MINUTE, NetEvents, officeBackground, UA } from './test-events.js';

describe(model.meta.name, () => {
  it('fires once on repeated POSTs to a rare host, silent on a developer posting to a well-known API', () => {
    const b = new NetEvents();
    const devices = officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // A well-known API every device posts to.
    for (const d of devices)
      b.http(learn - DAY, d, '104.18.1.1', { method: 'POST', host: 'api.well-known.io', userAgent: UA.edge });
    const t = learn + 60 * MINUTE;
    for (let i = 0; i < 6; i++) {
      b.http(t + i * 5 * MINUTE, '10.1.0.5', '45.77.12.37', {
        method: 'POST',
        host: 'sync.qwmlc-update.net:7365',
        userAgent: UA.go,
        port: 7365,
      });
      b.http(t + i * 5 * MINUTE, '10.1.0.6', '104.18.1.1', {
        method: 'POST',
        host: 'api.well-known.io',
        userAgent: UA.curl,
      });
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.evidence[1]!.value).toBe(5);
  });
});
