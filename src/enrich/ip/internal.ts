import ipaddr from 'ipaddr.js';
import { ipv4ToNumber } from './address.js';

/** [start, end] IPv4 blocks that are never external endpoints: private, loopback, link-local, multicast, broadcast. */
const V4_NON_EXTERNAL: [number, number][] = [
  [0x0a000000, 0x0affffff], // 10.0.0.0/8
  [0xac100000, 0xac1fffff], // 172.16.0.0/12
  [0xc0a80000, 0xc0a8ffff], // 192.168.0.0/16
  [0x7f000000, 0x7fffffff], // 127.0.0.0/8
  [0xa9fe0000, 0xa9feffff], // 169.254.0.0/16
  [0xe0000000, 0xffffffff], // 224.0.0.0/4 multicast, 240/4 reserved, broadcast
  [0x00000000, 0x00ffffff], // 0.0.0.0/8
];

export interface InternalRanges {
  internal: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  external: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export function parseRanges(internal: readonly string[] = [], external: readonly string[] = []): InternalRanges {
  const parse = (cidrs: readonly string[], what: string) =>
    cidrs.map((c) => {
      if (!ipaddr.isValidCIDR(c)) throw new Error(`enrich.${what}: "${c}" is not a CIDR range`);
      return ipaddr.parseCIDR(c);
    });
  return { internal: parse(internal, 'internalRanges'), external: parse(external, 'externalRanges') };
}

function inAny(ip: string, ranges: InternalRanges['internal']): boolean {
  if (ranges.length === 0 || !ipaddr.isValid(ip)) return false;
  const addr = ipaddr.process(ip);
  for (const [net, bits] of ranges) if (addr.kind() === net.kind() && addr.match(net, bits)) return true;
  return false;
}

/** Whether an address belongs to the organisation (or is otherwise not an external endpoint). */
export function isInternalAddress(ip: string, ranges?: InternalRanges): boolean {
  if (ranges && inAny(ip, ranges.external)) return false;
  if (ranges && inAny(ip, ranges.internal)) return true;
  const n = ipv4ToNumber(ip);
  if (n >= 0) {
    for (const [a, b] of V4_NON_EXTERNAL) if (n >= a && n <= b) return true;
    return false;
  }
  const lower = ip.toLowerCase();
  if (lower === '::1' || lower === '::') return true;
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast
  if (/^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower) || lower.startsWith('ff')) return true;
  if (lower.startsWith('::ffff:')) return isInternalAddress(lower.slice(7), ranges);
  return false;
}
