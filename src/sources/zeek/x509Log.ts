import type { NetX509Event } from '../../events/event.js';
import { type ZeekLogMapping, zeekFields } from './logMapping.js';

const { fields, types } = zeekFields({
  ts: 'time',
  fingerprint: 'string',
  id: 'string',
  'certificate.subject': 'string',
  'certificate.issuer': 'string',
  'certificate.not_valid_before': 'time',
  'certificate.not_valid_after': 'time',
  'san.dns': 'vector[string]',
});

/**
 * Zeek x509.log -> net.x509. The log names no host, so the event belongs to the certificate itself
 * (an endpoint entity keyed by its id); ssl.log's cert chain joins it to connections.
 */
export const x509Log: ZeekLogMapping = {
  path: 'x509',
  fields,
  types,
  matches: (has) => has('certificate.subject'),
  build(r, time, source): NetX509Event {
    const certId = r.str(1) ?? r.str(2) ?? '';
    const subject = r.str(3);
    const issuer = r.str(4);
    const notValidBefore = r.time(5);
    const notValidAfter = r.time(6);
    return {
      kind: 'net.x509',
      time,
      source,
      entity: { kind: 'endpoint', id: certId },
      certId,
      subject,
      issuer,
      notValidBefore: Number.isNaN(notValidBefore) ? undefined : notValidBefore,
      notValidAfter: Number.isNaN(notValidAfter) ? undefined : notValidAfter,
      sanDns: r.list(7),
      selfSigned: subject !== undefined && subject !== '' && subject === issuer,
      // Filled later (see ZeekLogMapping.build): one object shape per kind.
      late: undefined,
    };
  },
};
