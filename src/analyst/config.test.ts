import { describe, expect, it } from 'vitest';
import { Analyst } from './analyst.js';
import { device, makeBreach } from './breachFixture.js';
import { analystConfigSchema, analystOptions } from './config.js';

describe('analyst configuration', () => {
  it('turns durations into windows the analyst uses', () => {
    const opts = analystOptions(
      analystConfigSchema.parse({ entityWindow: '1d', closeAfter: '2d', maxEntitiesPerIncident: 9 }),
    );
    expect(opts).toEqual({ entityWindowMs: 86_400_000, closeAfterMs: 172_800_000, maxEntitiesPerIncident: 9 });
    const a = new Analyst(opts);
    const at = (h: number) => Date.UTC(2026, 3, 1) + h * 3_600_000;
    const first = a.onBreach(makeBreach({ model: 'M', time: at(0), entity: device('10.0.0.1'), score: 30 }))[0]!;
    const second = a.onBreach(makeBreach({ model: 'M', time: at(30), entity: device('10.0.0.1'), score: 30 }))[0]!;
    expect(second.id).not.toBe(first.id);
    expect(() => analystConfigSchema.parse({ entityWindow: '3 weeks' })).toThrow();
  });
});
