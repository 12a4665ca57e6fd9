import { defineModel, NO_BREACH } from '../model.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Device::Network Scan';
/** A scan already reported this hour is reported again when its score has grown by this much. */
const REPORT_AGAIN_POINTS = 10;

/**
 * Reconnaissance from inside: a device that, within an hour, tries many internal services it
 * exchanges no data with (a host sweep, a port scan, a worm looking for SMB), far beyond what it
 * and the network usually probe in an hour. A monitoring server that checks the same hundred
 * services every hour has learned that as its usual; a laptop that never did it has not.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      "A device tried many distinct internal hosts or ports in an hour without exchanging data with them, far above its own and the network's usual.",
    category: 'network',
    mitre: ['T1046', 'T1018'],
    severity: 60,
    reads: ['net.conn'],
    thresholds: {
      /** Distinct internal (host, port) targets probed in the hour. */
      minTargets: 40,
      /** The count must exceed this many times (usual + 1), for the device and for the network. */
      ratio: 4,
      /** Share of the hour's internal TCP connections that exchanged no data. */
      minProbeShare: 0.5,
      cooldownHours: 1,
    },
    falsePositives: [
      'A vulnerability scanner or inventory tool run for the first time (allow-list its device)',
      'A device newly given a monitoring role',
    ],
  },
  evaluate(e, ctx) {
    if (e.direction !== 'internal' || e.proto !== 'tcp') return NO_BREACH;
    const device = e.entity.id;
    const p = ctx.params;
    const probes = ctx.baseline.network.probes;
    if (probes.targetsThisHour(device, e.time) < p.minTargets) return NO_BREACH;
    const r = probes.read(device, e.time);
    if (r.targets < p.ratio * (r.usualTargets + 1) || r.targets < p.ratio * (r.networkUsualTargets + 1))
      return NO_BREACH;
    if (r.probes < p.minProbeShare * r.attempts) return NO_BREACH;
    const excess = r.targets / (Math.max(r.usualTargets, r.networkUsualTargets) + 1);
    // Many hosts and many ports at once is a service scan of a range, not one busy client.
    const wide = r.hosts >= 10 && r.ports >= 10;
    const score = Math.round(
      Math.min(
        90,
        40 +
          Math.min(20, 5 * Math.log2(excess)) +
          Math.min(15, 5 * Math.log2(r.targets / p.minTargets)) +
          (wide ? 10 : 0),
      ),
    );
    // Once per cool-down, unless the scan has since grown into a clearly higher score: the first
    // breach comes at the threshold, and the analyst should see how far the scan went.
    const since = e.time - p.cooldownHours * 3_600_000;
    if (alreadyRaised(ctx, NAME, e.entity, since, undefined, score - REPORT_AGAIN_POINTS + 1)) return NO_BREACH;
    const shape =
      r.hosts === 1 ? `${r.ports} ports of one host` : `${r.hosts} hosts on ${r.ports} port${r.ports === 1 ? '' : 's'}`;
    const more = r.saturated ? '+' : '';
    return [
      {
        score,
        entity: e.entity,
        related: [],
        summary: `${device} probed ${r.targets}${more} internal services this hour (${shape}) without exchanging data`,
        evidence: [
          {
            label: 'Internal services probed this hour',
            value: `${r.targets}${more}`,
            baseline: `device's usual ${r.usualTargets.toFixed(1)}/h over ${r.hoursSeen} hours with internal traffic; network's usual ${r.networkUsualTargets.toFixed(1)}/h`,
          },
          { label: 'Spread', value: shape },
          {
            label: 'Connections without data',
            value: `${r.probes} of ${r.attempts} internal TCP connections this hour`,
          },
          { label: 'Examples', value: r.examples.join(', ') },
        ],
      },
    ];
  },
});
