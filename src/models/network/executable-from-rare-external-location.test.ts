import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model, { extensionFamily } from './executable-from-rare-external-location.js';
import { afterBackground, DAY, HOUR, NetEvents, officeBackground, UA } from './test-events.js';

const PE = ['application/x-dosexec'];
const ELF = ['application/x-executable'];

/** The office, each device also fetching its updater from the vendor's CDN every day. */
function office(b: NetEvents): { devices: string[]; learn: number } {
  const devices = officeBackground(b, 20, 3);
  const learn = afterBackground(3);
  for (let d = 0; d < 4; d++) {
    devices.forEach((dev, i) => {
      const t = learn - 3 * DAY + d * DAY + 10 * HOUR + i * 30_000;
      b.dns(t, dev, 'dl.vendor-updates.com', ['93.184.221.7']);
      b.http(t + 100, dev, '93.184.221.7', {
        host: 'dl.vendor-updates.com',
        uri: `/agent/update-${d}.exe`,
        userAgent: UA.edge,
        respMimeTypes: PE,
        responseBodyLen: 2_400_000,
      });
    });
  }
  return { devices, learn };
}

describe(model.meta.name, () => {
  it('fires on a PE named .sh from a bare IP and on an ELF named .jpg from a rare domain', () => {
    const b = new NetEvents();
    const { learn } = office(b);
    const t = learn + 11 * HOUR;
    b.http(t, '10.1.0.4', '45.77.12.60', {
      host: '45.77.12.60',
      uri: '/bin.sh',
      respMimeTypes: ['application/x-msdownload'],
      responseBodyLen: 593,
    });
    b.dns(t + HOUR, '10.1.0.8', 'img.qzv-static.net', ['45.77.12.61']);
    b.http(t + HOUR + 100, '10.1.0.8', '45.77.12.61', {
      host: 'img.qzv-static.net',
      uri: '/p/banner.jpg?v=2',
      userAgent: UA.curl,
      respMimeTypes: ELF,
      responseBodyLen: 880_000,
    });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.4', '10.1.0.8']);
    const [bare, named] = breaches as [(typeof breaches)[0], (typeof breaches)[0]];
    expect(bare.summary).toBe(
      '10.1.0.4 downloaded a windows executable named .sh from bare IP 45.77.12.60, which no other device uses',
    );
    expect(bare.related.map((r) => r.id)).toEqual(['45.77.12.60']);
    expect(bare.score).toBeGreaterThanOrEqual(75);
    expect(named.summary).toMatch(/a linux executable named \.jpg from img\.qzv-static\.net/);
    expect(named.related.map((r) => r.id)).toEqual(['img.qzv-static.net', '45.77.12.61']);
    expect(named.evidence[0]!.baseline).toMatch(/^first use from any device/);
    expect(named.score).toBeGreaterThan(bare.score - 20);
  });

  it('stays silent on installers from the shared vendor CDN, on images from a bare IP and on failed fetches', () => {
    const b = new NetEvents();
    const { learn } = office(b);
    const t = learn + 10 * HOUR;
    // Today's update, for one more device too, from the endpoint every device uses.
    b.http(t, '10.1.0.3', '93.184.221.7', {
      host: 'dl.vendor-updates.com',
      uri: '/agent/update-9.exe',
      respMimeTypes: PE,
      responseBodyLen: 2_400_000,
    });
    // A camera's snapshot by IP: a rare bare IP, but an image.
    b.http(t + 1000, '10.1.0.5', '45.77.12.62', {
      host: '45.77.12.62',
      uri: '/snapshot.jpg',
      respMimeTypes: ['image/jpeg'],
      responseBodyLen: 90_000,
    });
    // A 404 page for a missing installer: nothing was downloaded.
    b.http(t + 2000, '10.1.0.6', '45.77.12.63', {
      host: '45.77.12.63',
      uri: '/setup.exe',
      status: 404,
      respMimeTypes: ['text/html'],
    });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches).toEqual([]);
  });

  it('reads the claimed type from the last path segment only', () => {
    expect(extensionFamily('/a.exe/b.jpg?x=1.sh')).toEqual({ ext: 'jpg', family: 'other' });
    expect(extensionFamily('/dir.d/run')).toBeUndefined();
    expect(extensionFamily('/Mozi.m')).toBeUndefined();
    expect(extensionFamily('/x/Setup.EXE#top')).toEqual({ ext: 'exe', family: 'windows executable' });
  });
});
