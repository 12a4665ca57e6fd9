import type { NetHttpEvent } from '../../events/event.js';
import type { ZeekLogMapping } from './logMapping.js';

const FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'method',
  'host',
  'uri',
  'referrer',
  'user_agent',
  'status_code',
  'request_body_len',
  'response_body_len',
  'resp_mime_types',
  '_node_name',
  '_system_name',
] as const;

/** Zeek http.log -> net.http */
export const httpLog: ZeekLogMapping = {
  path: 'http',
  fields: FIELDS,
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
    };
  },
};
