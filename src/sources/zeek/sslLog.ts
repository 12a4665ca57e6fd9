import type { NetTlsEvent } from '../../events/event.js';
import { saysSelfSigned, type ZeekLogMapping } from './logMapping.js';

const FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'server_name',
  'version',
  'established',
  'validation_status',
  'subject',
  'issuer',
  'ja3',
  'ja3s',
  'cert_chain_fps',
  'cert_chain_fuids',
  '_node_name',
  '_system_name',
] as const;

/** Zeek ssl.log -> net.tls. Zeek >= 4 no longer logs subject/issuer here; they come from x509.log. */
export const sslLog: ZeekLogMapping = {
  path: 'ssl',
  fields: FIELDS,
  matches: (has) => (has('cipher') || has('server_name')) && has('version') && has('established'),
  build(r, time, source): NetTlsEvent {
    const src = r.str(2) ?? '';
    const validationStatus = r.str(9);
    const subject = r.str(10);
    const issuer = r.str(11);
    return {
      kind: 'net.tls',
      time,
      source,
      entity: { kind: 'device', id: src },
      uid: r.str(1) ?? '',
      src,
      srcPort: r.num(3) ?? 0,
      dst: r.str(4) ?? '',
      dstPort: r.num(5) ?? 0,
      sensor: r.str(16) ?? r.str(17),
      serverName: r.str(6),
      version: r.str(7),
      established: r.bool(8),
      validationStatus,
      selfSigned: saysSelfSigned(validationStatus) || (subject !== undefined && subject !== '' && subject === issuer),
      subject,
      issuer,
      ja3: r.str(12),
      ja3s: r.str(13),
      certChain: r.list(14) ?? r.list(15),
    };
  },
};
