import type { NetDnsEvent } from '../../events/event.js';
import { type ZeekLogMapping, zeekFields } from './logMapping.js';

const { fields, types } = zeekFields({
  ts: 'time',
  uid: 'string',
  'id.orig_h': 'addr',
  'id.orig_p': 'port',
  'id.resp_h': 'addr',
  'id.resp_p': 'port',
  query: 'string',
  qtype_name: 'string',
  qtype: 'count',
  rcode_name: 'string',
  rcode: 'count',
  answers: 'vector[string]',
  _node_name: 'string',
  _system_name: 'string',
});

/** Zeek dns.log -> net.dns; qtype and rcode by name ("A", "NXDOMAIN"), by number only when the name is missing. */
export const dnsLog: ZeekLogMapping = {
  path: 'dns',
  fields,
  types,
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
      // Filled later (see ZeekLogMapping.build): one object shape per kind.
      direction: undefined,
      remote: undefined,
      queryDomain: undefined,
      late: undefined,
    };
  },
};
