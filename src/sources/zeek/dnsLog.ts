import type { NetDnsEvent } from '../../events/event.js';
import type { ZeekLogMapping } from './logMapping.js';

const FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'query',
  'qtype_name',
  'qtype',
  'rcode_name',
  'rcode',
  'answers',
  '_node_name',
  '_system_name',
] as const;

/** Zeek dns.log -> net.dns; qtype and rcode by name ("A", "NXDOMAIN"), by number only when the name is missing. */
export const dnsLog: ZeekLogMapping = {
  path: 'dns',
  fields: FIELDS,
  matches: (has) => has('query') && (has('qtype') || has('qtype_name') || has('trans_id')),
  build(r, time, source): NetDnsEvent {
    const src = r.str(2) ?? '';
    return {
      kind: 'net.dns',
      time,
      source,
      entity: { kind: 'device', id: src },
      uid: r.str(1) ?? '',
      src,
      srcPort: r.num(3) ?? 0,
      dst: r.str(4) ?? '',
      dstPort: r.num(5) ?? 0,
      sensor: r.str(12) ?? r.str(13),
      query: r.str(6),
      qtype: r.str(7) ?? r.str(8),
      rcode: r.str(9) ?? r.str(10),
      answers: r.list(11),
    };
  },
};
