import { describe, expect, it } from 'vitest';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';
import model from './new-powershell-user-agent.js';
import { afterBackground, DAY, MINUTE, NetEvents, officeBackground, UA } from './test-events.js';

describe(model.meta.name, () => {
  it('fires on the first PowerShell request of an established device, silent for a habitual scripter', () => {
    const b = new NetEvents();
    officeBackground(b, 20, 3);
    const learn = afterBackground(3);
    // 10.1.0.7 is an admin who scripts every day.
    for (let d = 0; d < 3; d++)
      b.http(learn - (3 - d) * DAY, '10.1.0.7', '140.82.112.6', { host: 'api.github.com', userAgent: UA.powershell });
    const t = learn + 5 * MINUTE;
    b.http(t, '10.1.0.5', '45.77.12.36', { host: '45.77.12.36', userAgent: UA.powershell });
    b.http(t + MINUTE, '10.1.0.5', '45.77.12.36', { host: '45.77.12.36', userAgent: UA.powershell });
    b.http(t, '10.1.0.7', '140.82.112.6', { host: 'api.github.com', userAgent: UA.powershell });
    const { breaches } = runModels([model as AnyModel], b.sorted(), { learnUntil: learn });
    expect(breaches.map((x) => x.entity.id)).toEqual(['10.1.0.5']);
  });
});
