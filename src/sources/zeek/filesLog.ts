import type { NetFileEvent } from '../../events/event.js';
import type { ZeekLogMapping } from './logMapping.js';

const FIELDS = [
  'ts',
  'fuid',
  'uid',
  'conn_uids',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'tx_hosts',
  'rx_hosts',
  'is_orig',
  'source',
  'mime_type',
  'filename',
  'seen_bytes',
  'total_bytes',
  'md5',
  'sha1',
  'sha256',
  '_node_name',
  '_system_name',
] as const;

/**
 * Zeek files.log -> net.file. Zeek >= 5.1 logs the connection's `id`; older versions only the
 * sending and receiving hosts, where `is_orig` says whether the originator sent the file.
 */
export const filesLog: ZeekLogMapping = {
  path: 'files',
  fields: FIELDS,
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
    };
  },
};
