/** How a searchable field's values are compared. */
export type FieldType = 'string' | 'number' | 'boolean' | 'time' | 'list';

export interface SearchField {
  type: FieldType;
  /** A hot column of the events table, when there is one; otherwise the field is read from the JSON. */
  column?: string;
  /** JSON path into the stored event (from the field name). */
  path: string;
  /** Values whose case carries no meaning (user names, host names, methods, countries) match in any case. */
  foldCase?: true;
}

/**
 * Fields an analyst types in whatever case: `user:Alice@Contoso.com` and `method:post` must find
 * what the decoders stored as `alice@contoso.com` and `POST`.
 */
const FOLD_CASE = new Set([
  'entity',
  'user',
  'actor',
  'from',
  'targetUser',
  'onBehalfOf',
  'manager',
  'host',
  'serverName',
  'query',
  'hostDomain',
  'serverDomain',
  'queryDomain',
  'sanDns',
  'method',
  'remote.country',
  'ipContext.country',
  'country',
  'recipients',
  'to',
]);

const COLUMNS: Record<string, string> = {
  time: 'time',
  kind: 'kind',
  entity: 'entity',
  'entity.kind': 'entity_kind',
  src: 'src',
  srcPort: 'src_port',
  dst: 'dst',
  dstPort: 'dst_port',
  user: 'user_name',
  proto: 'proto',
  service: 'service',
  bytesOut: 'bytes_out',
  bytesIn: 'bytes_in',
  duration: 'duration',
  connState: 'conn_state',
  method: 'method',
  host: 'host',
  uri: 'uri',
  userAgent: 'user_agent',
  status: 'status',
  serverName: 'server_name',
  query: 'dns_query',
  ip: 'ip',
  operation: 'operation',
  app: 'app',
  success: 'success',
  uid: 'uid',
  direction: 'direction',
  'remote.country': 'remote_country',
  'remote.asn': 'remote_asn',
  'remote.asOrg': 'remote_as_org',
};

const TYPES: Record<FieldType, string[]> = {
  time: ['time', 'notValidBefore', 'notValidAfter'],
  number: [
    'srcPort',
    'dstPort',
    'duration',
    'bytesOut',
    'bytesIn',
    'origPkts',
    'respPkts',
    'status',
    'requestBodyLen',
    'responseBodyLen',
    'size',
    'errorCode',
    'asn',
    'remote.asn',
    'ipContext.asn',
    'recipientsInternal',
    'recipientsExternal',
    'itemCount',
    'source.line',
  ],
  boolean: [
    'late',
    'localOrig',
    'localResp',
    'established',
    'selfSigned',
    'success',
    'mfa',
    'remote.internal',
    'ua.tool',
    'actions.delete',
    'actions.markAsRead',
  ],
  list: [
    'respMimeTypes',
    'certChain',
    'sanDns',
    'answers',
    'permissions',
    'recipients',
    'attachments',
    'tools',
    'resources',
    'to',
    'actions.forwardTo',
    'actions.redirectTo',
  ],
  string: [
    'kind',
    'entity',
    'entity.kind',
    'source.input',
    'source.cursor',
    'uid',
    'src',
    'dst',
    'sensor',
    'direction',
    'remote.ip',
    'remote.asOrg',
    'remote.country',
    'remote.networkClass',
    'proto',
    'service',
    'connState',
    'history',
    'method',
    'host',
    'uri',
    'referrer',
    'userAgent',
    'hostDomain',
    'ua.family',
    'ua.version',
    'ua.os',
    'serverName',
    'version',
    'validationStatus',
    'subject',
    'issuer',
    'ja3',
    'ja3s',
    'serverDomain',
    'certId',
    'query',
    'qtype',
    'rcode',
    'queryDomain',
    'fuid',
    'protocol',
    'mimeType',
    'filename',
    'md5',
    'sha1',
    'sha256',
    'user',
    'ip',
    'operation',
    'workload',
    'recordId',
    'tenant',
    'ipContext.ip',
    'ipContext.asOrg',
    'ipContext.country',
    'ipContext.networkClass',
    'failureReason',
    'app',
    'clientApp',
    'country',
    'city',
    'riskLevel',
    'riskState',
    'action',
    'targetApp.id',
    'targetApp.name',
    'targetUser',
    'result',
    'ruleName',
    'forwardingAddress',
    'actions.moveToFolder',
    'actor',
    'actorType',
    'model',
    'session',
    'prompt',
    'response',
    'onBehalfOf',
    'displayName',
    'manager',
    'department',
    'title',
    'from',
  ],
};

function build(): ReadonlyMap<string, SearchField> {
  const fields = new Map<string, SearchField>();
  for (const [type, names] of Object.entries(TYPES) as [FieldType, string[]][]) {
    for (const name of names) {
      const column = COLUMNS[name];
      fields.set(name, {
        type,
        path: `$.${name}`,
        ...(column ? { column } : {}),
        ...(FOLD_CASE.has(name) ? { foldCase: true as const } : {}),
      });
    }
  }
  return fields;
}

/**
 * Every field a query may name: the canonical event field names (src/events/event.ts), nested ones
 * with a dot (`remote.country`, `ua.family`), plus `kind`, `entity` and `time`.
 */
export const SEARCH_FIELDS: ReadonlyMap<string, SearchField> = build();

export function searchField(name: string): SearchField | undefined {
  return SEARCH_FIELDS.get(name);
}
