import type { NetConnEvent } from '../../events/event.js';
import { protoOf, type ZeekLogMapping } from './logMapping.js';

const FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'proto',
  'service',
  'duration',
  'orig_bytes',
  'resp_bytes',
  'conn_state',
  'local_orig',
  'local_resp',
  'history',
  'orig_pkts',
  'resp_pkts',
  '_node_name',
  '_system_name',
] as const;

/** Zeek conn.log -> net.conn */
export const connLog: ZeekLogMapping = {
  path: 'conn',
  fields: FIELDS,
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
    };
  },
};
