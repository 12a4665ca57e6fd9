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
