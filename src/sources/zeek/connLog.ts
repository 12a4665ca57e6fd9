import type { NetConnEvent } from '../../events/event.js';
import { protoOf, type ZeekLogMapping, zeekFields } from './logMapping.js';

const { fields, types } = zeekFields({
  ts: 'time',
  uid: 'string',
  'id.orig_h': 'addr',
  'id.orig_p': 'port',
  'id.resp_h': 'addr',
  'id.resp_p': 'port',
  proto: 'enum',
  service: 'string',
  duration: 'interval',
  orig_bytes: 'count',
  resp_bytes: 'count',
  conn_state: 'string',
  local_orig: 'bool',
  local_resp: 'bool',
  history: 'string',
  orig_pkts: 'count',
  resp_pkts: 'count',
  _node_name: 'string',
  _system_name: 'string',
});

/** Zeek conn.log -> net.conn */
export const connLog: ZeekLogMapping = {
  path: 'conn',
  fields,
  types,
  matches: (has) => has('conn_state') && has('proto'),
  build(r, time, source): NetConnEvent {
    const src = r.str(2) ?? '';
    return {
      kind: 'net.conn',
      time,
      source,
      entity: { kind: 'device', id: src },
      uid: r.str(1) ?? '',
      src,
      srcPort: r.num(3) ?? 0,
      dst: r.str(4) ?? '',
      dstPort: r.num(5) ?? 0,
      sensor: r.str(17) ?? r.str(18),
      proto: protoOf(r.str(6)),
      service: r.str(7),
      duration: r.num(8),
      bytesOut: r.num(9),
      bytesIn: r.num(10),
      connState: r.str(11),
      localOrig: r.bool(12),
      localResp: r.bool(13),
      history: r.str(14),
      origPkts: r.num(15),
      respPkts: r.num(16),
      // Filled later (see ZeekLogMapping.build): one object shape per kind.
      direction: undefined,
      remote: undefined,
      late: undefined,
    };
  },
};
