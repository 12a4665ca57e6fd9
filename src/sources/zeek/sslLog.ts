import type { NetTlsEvent } from '../../events/event.js';
import { saysSelfSigned, type ZeekLogMapping, zeekFields } from './logMapping.js';

const { fields, types } = zeekFields({
  ts: 'time',
  uid: 'string',
  'id.orig_h': 'addr',
  'id.orig_p': 'port',
  'id.resp_h': 'addr',
  'id.resp_p': 'port',
  server_name: 'string',
  version: 'string',
  established: 'bool',
  validation_status: 'string',
  subject: 'string',
  issuer: 'string',
  ja3: 'string',
  ja3s: 'string',
  cert_chain_fps: 'vector[string]',
  cert_chain_fuids: 'vector[string]',
  _node_name: 'string',
  _system_name: 'string',
});

/** Zeek ssl.log -> net.tls. Zeek >= 4 no longer logs subject/issuer here; they come from x509.log. */
export const sslLog: ZeekLogMapping = {
  path: 'ssl',
  fields,
  types,
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
      // Filled later (see ZeekLogMapping.build): one object shape per kind.
      direction: undefined,
      remote: undefined,
      serverDomain: undefined,
      late: undefined,
    };
  },
};
