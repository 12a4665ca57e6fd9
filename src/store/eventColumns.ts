import type { Event } from '../events/event.js';

/** SQL type family of a hot column; each dialect maps it to its own type name. */
export type ColumnType = 'bigint' | 'integer' | 'double' | 'text' | 'boolean';

export interface EventColumn {
  name: string;
  type: ColumnType;
}

/**
 * The event columns kept beside the full JSON: what search filters, sorts and groups on without
 * parsing JSON. Order matters: it is the order of `eventRow` values and of the table's columns.
 */
export const EVENT_COLUMNS: readonly EventColumn[] = [
  { name: 'time', type: 'bigint' },
  { name: 'kind', type: 'text' },
  { name: 'entity_kind', type: 'text' },
  { name: 'entity', type: 'text' },
  { name: 'src', type: 'text' },
  { name: 'src_port', type: 'integer' },
  { name: 'dst', type: 'text' },
  { name: 'dst_port', type: 'integer' },
  { name: 'user_name', type: 'text' },
  { name: 'proto', type: 'text' },
  { name: 'service', type: 'text' },
  { name: 'bytes_out', type: 'bigint' },
  { name: 'bytes_in', type: 'bigint' },
  { name: 'duration', type: 'double' },
  { name: 'conn_state', type: 'text' },
  { name: 'method', type: 'text' },
  { name: 'host', type: 'text' },
  { name: 'uri', type: 'text' },
  { name: 'user_agent', type: 'text' },
  { name: 'status', type: 'integer' },
  { name: 'server_name', type: 'text' },
  { name: 'dns_query', type: 'text' },
  { name: 'ip', type: 'text' },
  { name: 'operation', type: 'text' },
  { name: 'app', type: 'text' },
  { name: 'success', type: 'boolean' },
  { name: 'json', type: 'text' },
  // Added by migration 2, hence after `json`: the table's column order is the append order.
  { name: 'uid', type: 'text' },
  { name: 'direction', type: 'text' },
  { name: 'remote_country', type: 'text' },
  { name: 'remote_asn', type: 'bigint' },
  { name: 'remote_as_org', type: 'text' },
];

export const COLUMN_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  EVENT_COLUMNS.map((c, i) => [c.name, i]),
);

type Cell = string | number | boolean | null;

/**
 * Fills `row` (reused between events, so the hot path allocates only the JSON text) with the
 * event's column values in EVENT_COLUMNS order.
 */
export function eventRow(e: Event, row: Cell[]): Cell[] {
  const a = e as unknown as Record<string, unknown>;
  row[0] = e.time;
  row[1] = e.kind;
  row[2] = e.entity.kind;
  row[3] = e.entity.id;
  row[4] = str(a.src);
  row[5] = num(a.srcPort);
  row[6] = str(a.dst);
  row[7] = num(a.dstPort);
  row[8] = str(a.user ?? a.actor ?? a.from);
  row[9] = str(a.proto);
  row[10] = str(a.service);
  row[11] = num(a.bytesOut);
  row[12] = num(a.bytesIn);
  row[13] = num(a.duration);
  row[14] = str(a.connState);
  row[15] = str(a.method);
  row[16] = str(a.host);
  row[17] = str(a.uri);
  row[18] = str(a.userAgent);
  row[19] = num(a.status);
  row[20] = str(a.serverName);
  row[21] = str(a.query);
  row[22] = str(a.ip);
  row[23] = str(a.operation);
  row[24] = str(a.app);
  row[25] = typeof a.success === 'boolean' ? a.success : null;
  row[26] = JSON.stringify(e);
  row[27] = str(a.uid);
  row[28] = str(a.direction);
  const remote = a.remote as Record<string, unknown> | undefined;
  row[29] = remote ? str(remote.country) : null;
  row[30] = remote ? num(remote.asn) : null;
  row[31] = remote ? str(remote.asOrg) : null;
  return row;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
