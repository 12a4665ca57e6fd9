import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './possible-doppelganger-attack.js';
import { afterBackground, MINUTE, NetEvents, officeBackground, UA } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on a brand imitation host, silent on the brand itself and on a CDN host with the brand word in its path', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const t = learn + 10 * MINUTE;
    b.dns(t, '10.1.0.5', 'zoom.us-meeting.us', ['45.77.12.41']);
    b.tls(t + 100, '10.1.0.5', '45.77.12.41', { serverName: 'zoom.us-meeting.us' });
    b.dns(t, '10.1.0.6', 'us04web.zoom.us', ['170.114.52.2']);
    b.http(t, '10.1.0.7', '151.101.1.229', {
      host: 'cdn.jsdelivr.net',
      uri: '/npm/zoom-meeting-sdk/zoom.js',
      userAgent: UA.edge,
    });
    b.dns(t, '10.1.0.8', 'zoom.us.edgekey.net', ['23.1.1.1']);
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.summary).toContain('imitates Zoom');
  });
});
