import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './fast-beaconing-to-dga.js';
import { afterBackground, NetEvents, officeBackground } from './test-events.js';

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
});
