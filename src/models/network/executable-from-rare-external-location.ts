import { hostNameOf, isIpLiteral } from '../../baseline/network/keys.js';
import type { NetHttpEvent } from '../../events/event.js';
import { defineModel, NO_BREACH } from '../model.js';
import { endpointRefs } from './endpoints.js';
import { isRare, rarityEvidence, rarityOf } from './rarity.js';
import { alreadyRaised } from './repeat.js';

const NAME = 'Anomalous File::Executable from Rare External Location';

type FileFamily = 'windows executable' | 'linux executable' | 'mac executable' | 'script' | 'other';

/**
 * What the body was, by the MIME type Zeek sniffed from its first bytes (`resp_mime_types`): the
 * content, whatever the server or the file name claims.
 */
const CONTENT_FAMILY: ReadonlyMap<string, FileFamily> = new Map([
  ['application/x-dosexec', 'windows executable'],
  ['application/x-msdownload', 'windows executable'],
  ['application/vnd.microsoft.portable-executable', 'windows executable'],
  ['application/x-msi', 'windows executable'],
  ['application/x-ms-installer', 'windows executable'],
  ['application/x-executable', 'linux executable'],
  ['application/x-elf', 'linux executable'],
  ['application/x-sharedlib', 'linux executable'],
  ['application/x-mach-o-executable', 'mac executable'],
  ['application/x-mach-binary', 'mac executable'],
  ['text/x-shellscript', 'script'],
  ['application/x-sh', 'script'],
  ['text/x-perl', 'script'],
  ['text/x-python', 'script'],
  ['text/x-msdos-batch', 'script'],
  ['application/hta', 'script'],
]);

/** What a file name's extension claims. */
const EXTENSION_FAMILY: ReadonlyMap<string, FileFamily> = new Map([
  ...['exe', 'dll', 'scr', 'msi', 'com', 'cpl', 'sys', 'ocx'].map((x) => [x, 'windows executable'] as const),
  ...['elf', 'so', 'bin', 'out'].map((x) => [x, 'linux executable'] as const),
  ...['dylib', 'app', 'pkg', 'dmg'].map((x) => [x, 'mac executable'] as const),
  ...['sh', 'bash', 'ps1', 'psm1', 'py', 'pl', 'bat', 'cmd', 'vbs', 'js', 'hta'].map((x) => [x, 'script'] as const),
  ...['jpg', 'jpeg', 'png', 'gif', 'ico', 'bmp', 'txt', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'css', 'html', 'htm']
    .concat(['json', 'xml', 'zip', 'gz', 'mp3', 'mp4', 'woff', 'woff2', 'svg', 'dat', 'cab'])
    .map((x) => [x, 'other'] as const),
]);

export function contentFamily(e: NetHttpEvent): FileFamily | undefined {
  for (const m of e.respMimeTypes ?? []) {
    const f = CONTENT_FAMILY.get(m.toLowerCase());
    if (f !== undefined) return f;
  }
  return undefined;
}

/** The family the last path segment's extension claims, if it names one we know. */
export function extensionFamily(uri: string | undefined): { ext: string; family: FileFamily } | undefined {
  if (uri === undefined) return undefined;
  const path = uri.split(/[?#]/, 1)[0]!;
  const file = path.slice(path.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  if (dot < 0 || dot === file.length - 1) return undefined;
  const ext = file.slice(dot + 1).toLowerCase();
  const family = EXTENSION_FAMILY.get(ext);
  return family === undefined ? undefined : { ext, family };
}

/**
 * Droppers fetch their next stage as an executable or script from a server nobody else uses,
 * often by bare IP and often under a name that lies about what it is (a PE called `.sh`, an ELF
 * called `.jpg`). Updates and installers come from endpoints the whole network shares. Zeek's
 * sniffed content type says what the body was, whatever its name claims.
 */
export default defineModel({
  meta: {
    name: NAME,
    description:
      'A device downloaded an executable or script over HTTP from an endpoint few or no other devices use; more so by bare IP, or when the file name claims another type.',
    category: 'network',
    mitre: ['T1105', 'T1036.008'],
    severity: 55,
    reads: ['net.http'],
    thresholds: {
      /** At most this many other devices may have used the endpoint in the learning window. */
      rareOtherDevices: 2,
      cooldownHours: 24,
    },
    falsePositives: [
      'A first install of software from a small vendor',
      'A developer fetching a build tool from a mirror no one else uses',
    ],
  },
  evaluate(e, ctx) {
    if (e.direction !== 'outbound' && e.direction !== 'internal') return NO_BREACH;
    if (e.status !== undefined && (e.status < 200 || e.status >= 300)) return NO_BREACH;
    const content = contentFamily(e);
    if (content === undefined) return NO_BREACH;
    const name = hostNameOf(e.host);
    // Through an internal proxy the endpoint is the name asked for; an unnamed internal server is ours.
    if (e.direction === 'internal' && name === undefined) return NO_BREACH;
    const view = ctx.baseline;
    const device = e.entity.id;
    const hostIp = name === undefined ? bareHostIp(e.host) : undefined;
    const endpoint = name ?? hostIp ?? e.dst;
    const r =
      name !== undefined
        ? rarityOf(view, 'dom:', e.hostDomain ?? name, device, e.time)
        : rarityOf(view, 'ip:', endpoint, device, e.time);
    if (!isRare(r, ctx.params.rareOtherDevices)) return NO_BREACH;
    if (alreadyRaised(ctx, NAME, e.entity, e.time - ctx.params.cooldownHours * 3_600_000, endpoint)) return NO_BREACH;
    const claimed = extensionFamily(e.uri);
    const masquerade = claimed !== undefined && claimed.family !== content;
    const tool = e.ua?.tool === true ? e.ua.family : undefined;
    const score =
      40 + (name === undefined ? 20 : 0) + (masquerade ? 15 : 0) + (r.others === 0 ? 5 : 0) + (tool ? 10 : 0);
    const what = masquerade ? `a ${content} named .${claimed.ext}` : `a ${content}`;
    return [
      {
        score: Math.min(95, score),
        entity: e.entity,
        // By bare IP through a web proxy the address reached is the proxy's, not the server's.
        related:
          hostIp !== undefined && hostIp !== e.dst ? [{ kind: 'endpoint', id: hostIp }] : endpointRefs(e, endpoint),
        summary: `${device} downloaded ${what} from ${name === undefined ? `bare IP ${endpoint}` : endpoint}, ${r.others === 0 ? 'which no other device uses' : `used by only ${r.others} other device(s)`}`,
        evidence: [
          {
            label: name === undefined ? 'Server (no host name)' : 'Domain',
            value: name === undefined ? endpoint : (e.hostDomain ?? name),
            ...rarityEvidence(view, r, e.time, name === undefined ? 'connection' : 'use'),
          },
          { label: 'File', value: `${e.method ?? 'GET'} ${e.uri ?? '/'} (${e.responseBodyLen ?? 0} bytes)` },
          {
            label: 'Content',
            value: `${(e.respMimeTypes ?? []).join(', ')} (${content})`,
            ...(claimed !== undefined
              ? { baseline: masquerade ? `the name claims .${claimed.ext}` : `matches its .${claimed.ext} name` }
              : {}),
          },
          { label: 'User agent', value: e.userAgent ?? '(none)' },
          ...(e.remote?.asOrg
            ? [{ label: 'Network', value: `AS${e.remote.asn} ${e.remote.asOrg} (${e.remote.country ?? '?'})` }]
            : []),
        ],
      },
    ];
  },
});

/** The IPv4 address of a Host header that names no host ("112.255.161.10" or with a port). */
function bareHostIp(host: string | undefined): string | undefined {
  const h = host?.split(':', 1)[0];
  return h !== undefined && h !== '' && isIpLiteral(h) ? h : undefined;
}
