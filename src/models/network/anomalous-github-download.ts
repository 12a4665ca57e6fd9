import { hostNameOf } from '../../baseline/network/keys.js';
import { defineModel, NO_BREACH } from '../model.js';
import { endpointRefs } from './endpoints.js';
import { ageText } from './rarity.js';

const NAME = 'Device::Anomalous Github Download';

const GITHUB_DOMAINS = new Set(['github.com', 'githubusercontent.com']);
/** Hosts that serve files (raw content, release assets, archives) rather than the web UI or API. */
const DOWNLOAD_HOSTS = new Set([
  'raw.githubusercontent.com',
  'objects.githubusercontent.com',
  'release-assets.githubusercontent.com',
  'gist.githubusercontent.com',
  'codeload.github.com',
]);
const DOWNLOAD_PATH = /\/(releases\/download|archive|raw)\//;

/**
 * Attackers stage tools on GitHub because every proxy lets it through. A device fetching files
 * from a GitHub download host it never used, with a scripting tool or right after other anomalies
 * on the same device, is staging, not coding. Browsing github.com, and a developer's usual raw
 * downloads, stay silent.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device downloaded from a GitHub file host it does not normally use, with a scripting tool or shortly after other breaches on the same device.',
    category: 'network',
    mitre: ['T1105', 'T1608.001'],
    severity: 50,
    reads: ['net.http', 'net.tls'],
    thresholds: {
      minHistoryHours: 24,
      /** Earlier breaches on the device within this many hours make a browser download suspicious too. */
      lookbackHours: 24,
    },
    falsePositives: ['A new developer starting work', 'Installers that fetch their releases from GitHub'],
  },
  evaluate(e, ctx) {
    if (e.direction !== 'outbound' && e.direction !== 'internal') return NO_BREACH;
    const name = hostNameOf(e.kind === 'net.http' ? e.host : e.serverName);
    if (name === undefined) return NO_BREACH;
    const domain = e.kind === 'net.http' ? e.hostDomain : e.serverDomain;
    if (domain === undefined || !GITHUB_DOMAINS.has(domain)) return NO_BREACH;
    const download = DOWNLOAD_HOSTS.has(name) || (e.kind === 'net.http' && DOWNLOAD_PATH.test(e.uri ?? ''));
    if (!download) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const profile = view.network.profiles.get(device);
    if (profile === undefined || e.time - profile.first < ctx.params.minHistoryHours * 3_600_000) return NO_BREACH;
    if (view.network.profiles.has(device, 'h:' + name, e.time)) return NO_BREACH;
    const tool = e.kind === 'net.http' && e.ua?.tool === true ? e.ua.family : undefined;
    const earlier = ctx.recentBreaches(e.entity, e.time - ctx.params.lookbackHours * 3_600_000);
    if (tool === undefined && earlier.length === 0) return NO_BREACH;
    const usedGithub = [...GITHUB_DOMAINS].some((d) => view.network.profiles.has(device, 'd:' + d, e.time));
    const earlierModels = [...new Set(earlier.map((b) => b.model))];
    return [
      {
        score: 45 + (tool !== undefined ? 15 : 0) + Math.min(25, earlier.length * 8) + (usedGithub ? 0 : 5),
        entity: e.entity,
        related: endpointRefs(e, name),
        summary: `${device} downloaded from ${name} for the first time${tool ? ` with ${tool}` : ''}${earlier.length > 0 ? `, after ${earlier.length} other breach(es)` : ''}`,
        evidence: [
          {
            label: 'Host',
            value: name,
            baseline: `first use by this device in ${ageText(e.time - profile.first)} of history; ${usedGithub ? 'it does use GitHub otherwise' : 'no GitHub use at all before'}`,
          },
          ...(tool ? [{ label: 'Client', value: tool, baseline: 'a scripting tool, not a browser' }] : []),
          ...(e.kind === 'net.http' ? [{ label: 'Request', value: `${e.method ?? '?'} ${e.uri ?? '/'}` }] : []),
          ...(earlier.length > 0
            ? [
                {
                  label: 'Earlier breaches on this device',
                  value: earlierModels.join('; '),
                  baseline: `within ${ctx.params.lookbackHours} h`,
                },
              ]
            : []),
        ],
      },
    ];
  },
});
