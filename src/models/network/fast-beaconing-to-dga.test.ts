import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './fast-beaconing-to-dga.js';
import { afterBackground, HOUR, NetEvents, officeBackground } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on a walk through generated names, silent on fresh ordinary names', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const dga = [
      'pufymoq.com',
      'gacyzuz.com',
      'vocyruk.com',
      'qetylyv.com',
      'lygymoj.com',
      'vopykak.com',
      'gacyfew.com',
      'lyvyjox.com',
    ];
    dga.forEach((d, i) => {
      b.dns(learn + i * 20_000, '10.1.0.5', d, [], 'NXDOMAIN');
    });
    const ordinary = ['bakery-online.com', 'cityweather.net', 'flowershop.org', 'summerholidays.com', 'bookclub.net'];
    ordinary.forEach((d, i) => {
      b.dns(learn + i * 20_000, '10.1.0.6', d, ['198.51.100.1']);
    });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.evidence[2]!.value).toBe(6);
  });

  it('fires on a fast regular beacon to one generated-looking name; silent when the name is ordinary, the rhythm irregular or slow', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    const t = learn + HOUR;
    const jitter = [0, 2, -1, 1, -2, 0, 1, -1, 2, 0, -2, 1];
    const sessions = (device: string, host: string, gapsS: readonly number[]) => {
      let at = t;
      b.dns(at - 500, device, host, ['45.77.12.60']);
      for (const gap of gapsS) {
        at += gap * 1000;
        b.tls(at, device, '45.77.12.60', { serverName: host });
      }
    };
    const every = (s: number) => jitter.map((j) => s + j);
    sessions('10.1.0.5', 'qxvbtrkpzl.top', every(60));
    sessions('10.1.0.6', 'weather-widget.net', every(60));
    // The same generated-looking name opened at random moments (5 s to 8 min apart).
    sessions('10.1.0.7', 'zkqpxwvtnr.top', [5, 470, 12, 230, 61, 8, 390, 33, 150, 9, 300, 44]);
    // A regular but slow rhythm: every 30 minutes is a beacon, not a fast one.
    sessions('10.1.0.8', 'mfjwyzqhd.top', every(1800));
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
    expect(breaches[0]!.summary).toMatch(/beacons every ~6\d s to qxvbtrkpzl\.top/);
    expect(breaches[0]!.evidence.find((e) => e.label === 'Sessions to this host')?.value).toBeGreaterThanOrEqual(4);
    // The name, and the address the device reached under it: what a block can hold.
    expect(breaches[0]!.related.map((r) => r.id)).toEqual(['qxvbtrkpzl.top', '45.77.12.60']);
  });
});
