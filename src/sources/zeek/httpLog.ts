import type { NetHttpEvent } from '../../events/event.js';
import { type ZeekLogMapping, zeekFields } from './logMapping.js';

const { fields, types } = zeekFields({
  ts: 'time',
  uid: 'string',
  'id.orig_h': 'addr',
  'id.orig_p': 'port',
  'id.resp_h': 'addr',
  'id.resp_p': 'port',
  method: 'string',
  host: 'string',
  uri: 'string',
  referrer: 'string',
  user_agent: 'string',
  status_code: 'count',
  request_body_len: 'count',
  response_body_len: 'count',
  resp_mime_types: 'vector[string]',
  _node_name: 'string',
  _system_name: 'string',
});

/** Zeek http.log -> net.http */
export const httpLog: ZeekLogMapping = {
  path: 'http',
  fields,
  types,
  matches: (has) => has('uri') && (has('method') || has('trans_depth')),
  build(r, time, source): NetHttpEvent {
    const src = r.str(2) ?? '';
    return {
      kind: 'net.http',
      time,
      source,
      entity: { kind: 'device', id: src },
      uid: r.str(1) ?? '',
      src,
      srcPort: r.num(3) ?? 0,
      dst: r.str(4) ?? '',
      dstPort: r.num(5) ?? 0,
      sensor: r.str(15) ?? r.str(16),
      method: r.str(6),
      host: r.str(7),
      uri: r.str(8),
      referrer: r.str(9),
      userAgent: r.str(10),
      status: r.num(11),
      requestBodyLen: r.num(12),
      responseBodyLen: r.num(13),
      respMimeTypes: r.list(14),
      // Filled later (see ZeekLogMapping.build): one object shape per kind.
      direction: undefined,
      remote: undefined,
      hostDomain: undefined,
      ua: undefined,
      late: undefined,
    };
  },
};
