import { hostNameOf } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { ja3Points } from './ja3.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Anomalous Connection::Rare External SSL Self-Signed';

/**
 * Public services buy or get free certificates; C2 servers and hand-built droppers self-sign. A
 * person opening a self-hosted page does so with the browser every device uses; an implant with its
 * own TLS library leaves a client fingerprint (JA3) nobody else on the network has (`ja3Points`).
 */
export default defineModel({
  meta: {
    name: NAME,
    description: 'A device made a TLS connection to a rare external server presenting a self-signed certificate.',
    category: 'network',
    mitre: ['T1573.002', 'T1071.001'],
    severity: 50,
    reads: ['net.tls'],
    thresholds: { rareOtherDevices: 2, cooldownHours: 24 },
    falsePositives: [
      'Appliances and home routers reached over the Internet',
      'Internal test servers exposed externally',
    ],
  },
  evaluate(e, ctx) {
    if (e.direction !== 'outbound') return NO_BREACH;
    const view = ctx.baseline;
    if (!view.network.isSelfSigned(e)) return NO_BREACH;
    const device = e.entity.id;
    const r = rarityOf(view, 'ip:', e.dst, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    const name = hostNameOf(e.serverName);
    if (name !== undefined && !isRare(rarityOf(view, 'host:', name, device, e.time), ctx.params.rareOtherDevices)) {
      return NO_BREACH;
    }
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, e.dst)) return NO_BREACH;
    const ja3 = ja3Points(view, e, device);
    const score =
      40 + (r.others === 0 ? 15 : 0) + (e.dstPort !== 443 ? 10 : 0) + (name === undefined ? 10 : 0) + ja3.points;
    return [
      {
        score,
        entity: e.entity,
        related: [{ kind: 'endpoint', id: e.dst }, ...(name ? [{ kind: 'endpoint' as const, id: name }] : [])],
        summary: `${device} made TLS to ${name ?? e.dst}:${e.dstPort}, a rare external server with a self-signed certificate`,
        evidence: [
          { label: 'Server', value: `${e.dst}:${e.dstPort}`, ...rarityEvidence(view, r, e.time) },
          { label: 'SNI', value: name ?? '(none)' },
          { label: 'Certificate', value: `subject ${e.subject ?? '?'}; issuer ${e.issuer ?? '?'}` },
          { label: 'Validation', value: e.validationStatus ?? 'self-signed' },
          ...ja3.evidence,
        ],
      },
    ];
  },
});
