import type { Config } from '../config/schema.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * telltale holds credentials and can act on the network: it listens on loopback unless TLS is
 * configured or the operator explicitly accepts plain HTTP elsewhere (e.g. behind a TLS proxy).
 */
export function checkBind(server: Config['server']): void {
  if (LOOPBACK.has(server.host) || server.tls !== undefined || server.allowInsecureBind) return;
  throw new Error(
    `refusing to listen on ${server.host} without TLS: set server.tls {cert, key}, or server.allowInsecureBind: true ` +
      'if a TLS-terminating proxy stands in front',
  );
}
