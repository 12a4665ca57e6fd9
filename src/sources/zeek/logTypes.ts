import { connLog } from './connLog.js';
import { dnsLog } from './dnsLog.js';
import { filesLog } from './filesLog.js';
import { httpLog } from './httpLog.js';
import type { ZeekLogMapping } from './logMapping.js';
import { sslLog } from './sslLog.js';
import { x509Log } from './x509Log.js';

/** The Zeek logs telltale turns into events; every other log type is counted and skipped. */
export const ZEEK_LOG_MAPPINGS: readonly ZeekLogMapping[] = [connLog, httpLog, sslLog, x509Log, dnsLog, filesLog];

const BY_PATH = new Map<string, ZeekLogMapping>(ZEEK_LOG_MAPPINGS.map((m) => [m.path, m]));

export function mappingForPath(path: string): ZeekLogMapping | undefined {
  return BY_PATH.get(path);
}

/** For logs that carry no `#path` / `_path` (e.g. labelled data sets): recognise the type by its fields. */
export function mappingForFields(has: (field: string) => boolean): ZeekLogMapping | undefined {
  for (const m of ZEEK_LOG_MAPPINGS) if (m.matches(has)) return m;
  return undefined;
}

/** The log name a file's name suggests ("conn.10:00:00-11:00:00.log.gz" -> "conn"), to label skipped records. */
export function logNameFromFile(input: string): string {
  const base = input.slice(Math.max(input.lastIndexOf('/'), input.lastIndexOf('\\')) + 1);
  const dot = base.indexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base) || 'unknown';
}
