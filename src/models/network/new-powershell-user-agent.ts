import { defineModel, NO_BREACH } from '../model.js';
import { endpointRefs } from './endpoints.js';
import { ageText } from './rarity.js';
import { alreadyRaised } from './repeat.js';
import { isPowerShell } from './user-agent.js';

const NAME = 'Device::New PowerShell User Agent';

/** Most desktops never speak HTTP through PowerShell; the first time one does is worth a note. */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device with an established pattern of life made its first HTTP request with a PowerShell user agent.',
    category: 'network',
    mitre: ['T1059.001'],
    severity: 45,
    reads: ['net.http'],
    thresholds: {
      /** The device must have been seen for this long, so that "new" means something. */
      minHistoryHours: 24,
      cooldownHours: 24,
    },
    falsePositives: ['Administrators and developers starting to script', 'Management agents built on PowerShell'],
  },
  evaluate(e, ctx) {
    if (!isPowerShell(e)) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const profile = view.network.profiles.get(device);
    if (profile === undefined || e.time - profile.first < ctx.params.minHistoryHours * 3_600_000) return NO_BREACH;
    if (view.network.profiles.has(device, 'f:powershell', e.time)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000)) return NO_BREACH;
    const others = view.prevalence.readNamed('ua:', e.userAgent ?? '', e.time).touchers;
    const endpoint = e.host && e.host !== '' ? e.host : e.dst;
    return [
      {
        score: 45 + (others === 0 ? 10 : 0),
        entity: e.entity,
        related: endpointRefs(e, endpoint),
        summary: `${device} made its first PowerShell HTTP request, to ${endpoint}`,
        evidence: [
          {
            label: 'User agent',
            value: e.userAgent ?? 'PowerShell',
            baseline: `no PowerShell user agent from this device in ${ageText(e.time - profile.first)} of history; ${others} devices used this exact agent`,
          },
          { label: 'Request', value: `${e.method ?? '?'} ${endpoint}${e.uri ?? '/'}` },
        ],
      },
    ];
  },
});
