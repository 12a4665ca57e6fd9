import { hostNameOf } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { endpointRefs } from './endpoints.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';
import { isPowerShell } from './user-agent.js';

const NAME = 'Anomalous Connection::Powershell to Rare External';

/** PowerShell fetching from a place nobody else visits is how most Windows intrusions stage tools. */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device made an HTTP request with a PowerShell user agent to an external endpoint that is rare on the network.',
    category: 'network',
    mitre: ['T1059.001', 'T1105'],
    severity: 60,
    reads: ['net.http'],
    thresholds: { rareOtherDevices: 2, cooldownHours: 24 },
    falsePositives: ['Administrators scripting against a new vendor API', 'Software installers written in PowerShell'],
  },
  evaluate(e, ctx) {
    if (!isPowerShell(e)) return NO_BREACH;
    if (e.direction !== 'outbound' && e.direction !== 'internal') return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const name = hostNameOf(e.host);
    if (name === undefined && e.direction !== 'outbound') return NO_BREACH;
    const r =
      name !== undefined
        ? rarityOf(view, 'dom:', e.hostDomain ?? name, device, e.time)
        : rarityOf(view, 'ip:', e.dst, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    const endpoint = name ?? e.dst;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, endpoint)) return NO_BREACH;
    const score = 55 + (r.others === 0 ? 15 : 0) + (name === undefined ? 10 : 0);
    return [
      {
        score,
        entity: e.entity,
        related: endpointRefs(e, endpoint),
        summary: `${device} used PowerShell to reach ${endpoint}, which is rare on the network`,
        evidence: [
          { label: 'User agent', value: e.userAgent ?? e.ua?.family ?? 'PowerShell' },
          { label: 'Endpoint', value: `${endpoint}:${e.dstPort}`, ...rarityEvidence(view, r, e.time) },
          { label: 'Request', value: `${e.method ?? '?'} ${e.uri ?? '/'}` },
        ],
      },
    ];
  },
});
