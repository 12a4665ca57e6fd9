import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lookalike, withinOneEdit } from './lookalike.js';

describe('lookalike', () => {
  it('finds brand tokens, homoglyphs and typos on domains the brand does not own', () => {
    expect(lookalike('zoom.us-meeting.us')).toMatchObject({
      brand: 'Zoom',
      how: 'brand token',
      domain: 'us-meeting.us',
    });
    expect(lookalike('micros0ft-login.com')).toMatchObject({ brand: 'Microsoft', how: 'homoglyph' });
    expect(lookalike('xn--pple-43d.com')).toMatchObject({ brand: 'Apple', how: 'homoglyph' });
    expect(lookalike('gooogle.com')).toMatchObject({ brand: 'Google', how: 'typo' });
    expect(lookalike('dropbux.com')).toMatchObject({ brand: 'Dropbox', how: 'typo' });
    expect(lookalike('paypa1.com')).toMatchObject({ brand: 'PayPal', how: 'homoglyph' });
  });

  it('stays silent on the brands themselves, CDNs, and words that merely resemble a brand', () => {
    for (const h of [
      'zoom.us',
      'us04web.zoom.us',
      'zoom.us.edgekey.net',
      'cdn.jsdelivr.net',
      'login.microsoftonline.com',
      'raw.githubusercontent.com',
      'zoomcar.com',
      'purchase.com',
      'applebees.com',
      'www.honestimnotevil.com',
      'static.hotjar.com',
      'client.px-cloud.net',
      'c.amazon-adsystem.com',
    ]) {
      expect(lookalike(h), h).toBeUndefined();
    }
  });

  it('finds a brand run together with the words of phishing and fake-download hosts', () => {
    expect(lookalike('appleidverify.com')).toMatchObject({ brand: 'Apple', how: 'brand token' });
    expect(lookalike('googledocs-share.com')).toMatchObject({ brand: 'Google', how: 'brand token' });
    expect(lookalike('zoomdownload.com')).toMatchObject({ brand: 'Zoom', how: 'brand token' });
    expect(lookalike('secure.microsoftlogin365.net')).toMatchObject({ brand: 'Microsoft', how: 'brand token' });
    // Cyrillic shha (U+04BB) for h, Armenian vo (U+0578) for n: folded first.
    expect(lookalike(domainToASCII('git\u04BBub.com'))).toMatchObject({ brand: 'GitHub', how: 'homoglyph' });
    expect(lookalike(domainToASCII('\u0578etflix-billing.com'))).toMatchObject({ brand: 'Netflix', how: 'homoglyph' });
  });

  it('stays silent on names seen in the real Zeek logs that only resemble a brand', () => {
    for (const h of [
      // the brand's country sites and its own run-together names, and their subdomains
      'www.google.ie',
      'ec2-52-81-44-13.cn-north-1.compute.amazonaws.com.cn',
      'adobelogin.prod.ims.adobejanus.com',
      'pagead2.googleadservices.com',
      // a CDN that carries a customer's host name
      'au.download.windowsupdate.com.hwcdn.net',
      // names under no public suffix: nothing on the internet answers them
      'com.apple.trustd',
      // one changed letter in a six-letter brand: tools and other companies
      'sync.graph.gcloud.bluecava.com',
      'hosting-by.4cloud.mobi',
    ]) {
      expect(lookalike(h), h).toBeUndefined();
    }
  });

  it('counts one edit as one edit', () => {
    expect(withinOneEdit('gooogle', 'google')).toBe(true);
    expect(withinOneEdit('googel', 'google')).toBe(true);
    expect(withinOneEdit('goggle', 'google')).toBe(true);
    expect(withinOneEdit('gogle', 'google')).toBe(true);
    expect(withinOneEdit('cloud', 'icloud')).toBe(true);
    expect(withinOneEdit('gxxgle', 'google')).toBe(false);
    expect(withinOneEdit('google', 'google')).toBe(false);
  });
});
