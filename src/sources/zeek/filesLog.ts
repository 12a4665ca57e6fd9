import type { NetFileEvent } from '../../events/event.js';
import { type ZeekLogMapping, zeekFields } from './logMapping.js';

const { fields, types } = zeekFields({
  ts: 'time',
  fuid: 'string',
  uid: 'string',
  conn_uids: 'set[string]',
  'id.orig_h': 'addr',
  'id.orig_p': 'port',
  'id.resp_h': 'addr',
  'id.resp_p': 'port',
  tx_hosts: 'set[addr]',
  rx_hosts: 'set[addr]',
  is_orig: 'bool',
  source: 'string',
  mime_type: 'string',
  filename: 'string',
  seen_bytes: 'count',
  total_bytes: 'count',
  md5: 'string',
  sha1: 'string',
  sha256: 'string',
  _node_name: 'string',
  _system_name: 'string',
});

/**
 * Zeek files.log -> net.file. Zeek >= 5.1 logs the connection's `id`; older versions only the
 * sending and receiving hosts, where `is_orig` says whether the originator sent the file.
 */
export const filesLog: ZeekLogMapping = {
  path: 'files',
  fields,
  types,
  matches: (has) => has('fuid') && (has('seen_bytes') || has('tx_hosts') || has('mime_type')) && !has('note'),
  build(r, time, source): NetFileEvent {
    let src = r.str(4);
    let dst = r.str(6);
    if (src === undefined) {
      const sender = r.list(8)?.[0];
      const receiver = r.list(9)?.[0];
      const origSent = r.bool(10) === true;
      src = (origSent ? sender : receiver) ?? '';
      dst = origSent ? receiver : sender;
    }
    return {
      kind: 'net.file',
      time,
      source,
      entity: { kind: 'device', id: src },
      uid: r.str(2) ?? r.list(3)?.[0] ?? '',
      src,
      srcPort: r.num(5) ?? 0,
      dst: dst ?? '',
      dstPort: r.num(7) ?? 0,
      sensor: r.str(19) ?? r.str(20),
      fuid: r.str(1) ?? '',
      protocol: r.str(11),
      mimeType: r.str(12),
      filename: r.str(13),
      size: r.num(14) ?? r.num(15),
      md5: r.str(16),
      sha1: r.str(17),
      sha256: r.str(18),
      // Filled later (see ZeekLogMapping.build): one object shape per kind.
      direction: undefined,
      remote: undefined,
      late: undefined,
    };
  },
};
