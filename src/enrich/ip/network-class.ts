import anonymiserList from '../../../data/asn-lists/anonymiser.json' with { type: 'json' };
import hostingList from '../../../data/asn-lists/hosting.json' with { type: 'json' };
import orgRules from '../../../data/asn-lists/org-rules.json' with { type: 'json' };
import vpnList from '../../../data/asn-lists/vpn.json' with { type: 'json' };
import type { NetworkClass } from '../../events/event.js';

/** Lists are shipped in data/asn-lists (sources and licences in its README). */
interface AsnList {
  asns: Record<string, string>;
}

const byAsn = new Map<number, NetworkClass>();
// Later writes win, so the most specific class (anonymiser) is set last.
for (const [list, cls] of [
  [hostingList, 'hosting'],
  [vpnList, 'vpn'],
  [anonymiserList, 'anonymiser'],
] as [AsnList, NetworkClass][]) {
  for (const asn of Object.keys(list.asns)) byAsn.set(Number(asn), cls);
}

function compile(patterns: string[]): RegExp {
  return new RegExp(patterns.join('|'), 'i');
}

const ORG_RULES: [RegExp, NetworkClass][] = [
  [compile(orgRules.anonymiser), 'anonymiser'],
  [compile(orgRules.vpn), 'vpn'],
  [compile(orgRules.hosting), 'hosting'],
];

/**
 * The class of the network an address belongs to: a listed ASN first, then words in the AS
 * organisation name; any other known ASN is an ISP (eyeball or enterprise) network.
 */
export function classifyNetwork(asn: number | undefined, asOrg: string | undefined): NetworkClass {
  if (asn !== undefined) {
    const listed = byAsn.get(asn);
    if (listed !== undefined) return listed;
  }
  if (asOrg !== undefined && asOrg !== '') {
    for (const [re, cls] of ORG_RULES) if (re.test(asOrg)) return cls;
  }
  return asn === undefined ? 'unknown' : 'isp';
}

/** Where a class comes from, for evidence ("AS16509 Amazon.com (AWS), listed as hosting"). */
export function networkClassReason(asn: number | undefined, asOrg: string | undefined): string {
  if (asn !== undefined && byAsn.has(asn)) return `AS${asn} is on the shipped ${byAsn.get(asn)} list`;
  const cls = classifyNetwork(asn, asOrg);
  if (cls === 'isp' || cls === 'unknown')
    return cls === 'isp' ? `AS${asn} is not a listed hosting/VPN network` : 'no ASN known';
  return `AS organisation "${asOrg}" matches the ${cls} name rules`;
}
