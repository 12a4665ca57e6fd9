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

  it('is silent on certificate revocation checks, known by the OCSP response Zeek sniffed, whatever the responder is called', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const t = learn + 60 * MINUTE;
    // A browser checks the certificates of a page's sites in a burst, through a rarely used responder.
    for (let i = 0; i < 6; i++) {
      const check = b.http(t + i * 300, '10.1.0.5', '23.215.0.136', {
        method: 'POST',
        host: 'r3.o.lencr.org',
        userAgent: UA.safari,
        requestBodyLen: 85,
      });
      check.respMimeTypes = ['application/ocsp-response'];
    }
    // A check-in server that merely calls itself an OCSP responder answers with something else.
    for (let i = 0; i < 6; i++) {
      const post = b.http(t + i * 5 * MINUTE, '10.1.0.6', '45.77.12.37', {
        method: 'POST',
        host: 'ocsp.qwmlc-update.net',
        userAgent: UA.go,
        requestBodyLen: 85,
      });
      post.respMimeTypes = ['text/plain'];
    }
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => `${x.entity.id} ${x.related[0]!.id}`)).toEqual(['10.1.0.6 ocsp.qwmlc-update.net']);
  });
});
