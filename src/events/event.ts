/**
 * The canonical Event union (DESIGN §3): the only shape that crosses layers.
 * Field comments name the source field they come from where the mapping is not obvious.
 * Times are milliseconds since the epoch, in event time.
 */

import type { PromptFinding } from '../enrich/prompt/finding.js';

/** Where an event came from: an input (file path or API name) and a line or cursor within it. */
export interface SourceRef {
  /** File path, or the name of an API source such as `m365:Audit.Exchange`. */
  input: string;
  /** 1-based line number within a file input. */
  line?: number;
  /** API cursor / content id / offset for non-file inputs. */
  cursor?: string;
}

export type EntityKind = 'device' | 'user' | 'agent' | 'endpoint' | 'app' | 'ai-app';

export interface EntityRef {
  kind: EntityKind;
  /** device: IP (or hostname when known); user: lower-cased UPN; endpoint: IP or host name. */
  id: string;
}

/** Hosting / VPN / anonymiser class of a network, from shipped ASN lists (enrich/ip). */
export type NetworkClass = 'hosting' | 'vpn' | 'anonymiser' | 'isp' | 'unknown';

/** What enrichment knows about an IP address. */
export interface IpContext {
  ip: string;
  /** RFC 1918 / ULA / loopback / link-local or a configured internal range. */
  internal: boolean;
  asn?: number;
  asOrg?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  networkClass?: NetworkClass;
}

/** Parsed user agent (enrich/useragent). */
export interface UserAgentInfo {
  family: string;
  version?: string;
  os?: string;
  /** Scripting tools and libraries (curl, PowerShell, Go-http-client, python-requests...). */
  tool: boolean;
}

interface EventBase {
  time: number;
  source: SourceRef;
  /** The entity the event belongs to (set by the decoder, corrected by enrichment for inbound traffic). */
  entity: EntityRef;
  /** Set by the engine when the event arrived after the reorder window had passed its time. */
  late?: boolean;
}

/** Fields shared by network events, from Zeek's `id` record. */
interface NetBase extends EventBase {
  /** Zeek connection uid (`uid`); for files.log the first of `conn_uids`. */
  uid: string;
  /** id.orig_h */
  src: string;
  /** id.orig_p */
  srcPort: number;
  /** id.resp_h */
  dst: string;
  /** id.resp_p */
  dstPort: number;
  /** Zeek sensor name (`_node_name` / `_path` extras) when present. */
  sensor?: string;
  /** Filled by enrichment: the external side of the connection (absent when both sides are internal). */
  remote?: IpContext;
  /** Filled by enrichment: outbound = internal device to external endpoint. */
  direction?: 'outbound' | 'inbound' | 'internal' | 'external';
}

export interface NetConnEvent extends NetBase {
  kind: 'net.conn';
  proto: 'tcp' | 'udp' | 'icmp' | 'unknown';
  /** Zeek `service`, e.g. "http", "ssl", "dns"; may be a comma list. */
  service?: string;
  /** seconds */
  duration?: number;
  /** orig_bytes: payload bytes sent by the originator. */
  bytesOut?: number;
  /** resp_bytes */
  bytesIn?: number;
  /** conn_state, e.g. SF, S0, REJ, RSTO. */
  connState?: string;
  localOrig?: boolean;
  localResp?: boolean;
  history?: string;
  origPkts?: number;
  respPkts?: number;
}

export interface NetHttpEvent extends NetBase {
  kind: 'net.http';
  method?: string;
  /** Host header (may be an IP literal or absent). */
  host?: string;
  uri?: string;
  referrer?: string;
  userAgent?: string;
  status?: number;
  /** request_body_len */
  requestBodyLen?: number;
  /** response_body_len */
  responseBodyLen?: number;
  /** Filled by enrichment: registrable domain of `host` when it is a name. */
  hostDomain?: string;
  /** Filled by enrichment. */
  ua?: UserAgentInfo;
  /** resp_mime_types */
  respMimeTypes?: string[];
}

export interface NetTlsEvent extends NetBase {
  kind: 'net.tls';
  /** SNI (`server_name`). */
  serverName?: string;
  version?: string;
  established?: boolean;
  /** `validation_status`, e.g. "ok", "self signed certificate". */
  validationStatus?: string;
  /** True when the validation status or the certificate says self-signed. */
  selfSigned?: boolean;
  subject?: string;
  issuer?: string;
  ja3?: string;
  ja3s?: string;
  /** cert_chain_fps (Zeek >= 4.2) or cert_chain_fuids (older): joins with net.x509. */
  certChain?: string[];
  /** Filled by enrichment: registrable domain of the SNI. */
  serverDomain?: string;
}

export interface NetX509Event extends EventBase {
  kind: 'net.x509';
  /** fingerprint (Zeek >= 4.2) or id (the file id) in older logs. */
  certId: string;
  subject?: string;
  issuer?: string;
  notValidBefore?: number;
  notValidAfter?: number;
  sanDns?: string[];
  selfSigned?: boolean;
}

export interface NetDnsEvent extends NetBase {
  kind: 'net.dns';
  query?: string;
  qtype?: string;
  rcode?: string;
  answers?: string[];
  /** Filled by enrichment. */
  queryDomain?: string;
}

export interface NetFileEvent extends NetBase {
  kind: 'net.file';
  fuid: string;
  /** `source`, e.g. "HTTP", "SSL". */
  protocol?: string;
  mimeType?: string;
  filename?: string;
  /** seen_bytes or total_bytes */
  size?: number;
  md5?: string;
  sha1?: string;
  sha256?: string;
}

interface SaasBase extends EventBase {
  /** Lower-cased UPN of the acting user. */
  user: string;
  /** Client IP as recorded (port and brackets stripped). */
  ip?: string;
  /** UAL `Operation`, or `signIn` for Entra sign-ins. */
  operation: string;
  /** UAL `Workload` (AzureActiveDirectory, Exchange, ...). */
  workload?: string;
  /** UAL `Id` / sign-in `id`, for evidence and de-duplication. */
  recordId?: string;
  /** UAL `OrganizationId` / `tenantId`. */
  tenant?: string;
  /** Filled by enrichment. */
  ipContext?: IpContext;
}

export interface SaasLoginEvent extends SaasBase {
  kind: 'saas.login';
  success: boolean;
  /** Not finished rather than failed: an MFA, "stay signed in" or registration step came next (success is false). */
  interrupted?: boolean;
  /** UAL LogonError / sign-in status.failureReason. */
  failureReason?: string;
  /** Sign-in status.errorCode / UAL ErrorNumber. */
  errorCode?: number;
  /** Application signed in to, as a label (appDisplayName, else the id). */
  app?: string;
  /** The application (client) id, a GUID (appId / UAL ApplicationId): the key apps are counted by. */
  appId?: string;
  /** clientAppUsed, e.g. "Browser", "Exchange ActiveSync". */
  clientApp?: string;
  userAgent?: string;
  /** Country, city and ASN as the record gives them (location.countryOrRegion, autonomousSystemNumber). */
  country?: string;
  city?: string;
  /** location.geoCoordinates latitude / longitude, when the sign-in record has them. */
  lat?: number;
  lon?: number;
  asn?: number;
  /** riskLevelDuringSignIn / riskLevelAggregated / riskState. */
  riskLevel?: string;
  riskState?: string;
  /** riskEventTypes_v2 / riskEventTypes: what Entra ID Protection detected (leakedCredentials, anonymizedIPAddress...). */
  riskEventTypes?: string[];
  mfa?: boolean;
  /** Filled by enrichment. */
  ua?: UserAgentInfo;
}

export interface SaasAdminEvent extends SaasBase {
  kind: 'saas.admin';
  /** Normalised operation. The raw UAL operation stays in `operation`. */
  action:
    | 'add_service_principal'
    | 'consent'
    | 'app_role_grant'
    | 'delegated_permission_grant'
    | 'credentials_added'
    | 'add_application'
    | 'update_application'
    | 'other';
  /**
   * The application acted on; for a grant, the client granted the permission (not the API it is
   * granted on). id: the application (client) id when the record names it, else its object id.
   */
  targetApp?: { id?: string; name?: string };
  /** A grant's resource API (Microsoft Graph, Exchange Online...), whose permissions were granted. */
  resourceApp?: { id?: string; name?: string };
  /** Consent to application: ConsentContext.IsAdminConsent (granted for the whole organisation). */
  adminConsent?: boolean;
  targetUser?: string;
  permissions?: string[];
  result?: string;
}

export interface SaasMailboxRuleEvent extends SaasBase {
  kind: 'saas.mailbox_rule';
  ruleName?: string;
  /** Parameter name -> value of the rule's conditions (From, SubjectContainsWords, ...). */
  conditions?: Record<string, string>;
  actions: {
    moveToFolder?: string;
    delete?: boolean;
    markAsRead?: boolean;
    forwardTo?: string[];
    redirectTo?: string[];
    stopProcessing?: boolean;
  };
  /** Set-Mailbox forwarding: ForwardingSmtpAddress / ForwardingAddress. */
  forwardingAddress?: string;
}

export interface SaasMailEvent extends SaasBase {
  kind: 'saas.mail';
  recipientsInternal?: number;
  recipientsExternal?: number;
  recipients?: string[];
  subject?: string;
  attachments?: string[];
  /** Items touched, for MailItemsAccessed aggregates. */
  itemCount?: number;
}

/** A SaaS record of an operation telltale does not model yet: kept, counted, searchable. */
export interface SaasOtherEvent extends SaasBase {
  kind: 'saas.other';
}

export interface AiPromptEvent extends EventBase {
  kind: 'ai.prompt';
  /** Lower-cased UPN or agent id. */
  actor: string;
  actorType: 'human' | 'agent';
  /** The AI tool, e.g. "chat.contoso-ai", "Microsoft 365 Copilot". */
  app?: string;
  model?: string;
  session?: string;
  prompt: string;
  response?: string;
  tools?: string[];
  resources?: string[];
  /** For agents acting for a person. */
  onBehalfOf?: string;
  /** What the prompt detectors found (spans and categories, never the matched values). */
  findings?: PromptFinding[];
}

export interface OrgDirectoryEvent extends EventBase {
  kind: 'org.directory';
  user: string;
  displayName?: string;
  manager?: string;
  department?: string;
  title?: string;
}

export interface OrgMessageEvent extends EventBase {
  kind: 'org.message';
  from: string;
  to: string[];
  subject?: string;
}

export type Event =
  | NetConnEvent
  | NetHttpEvent
  | NetTlsEvent
  | NetX509Event
  | NetDnsEvent
  | NetFileEvent
  | SaasLoginEvent
  | SaasAdminEvent
  | SaasMailboxRuleEvent
  | SaasMailEvent
  | SaasOtherEvent
  | AiPromptEvent
  | OrgDirectoryEvent
  | OrgMessageEvent;

export type EventKind = Event['kind'];

export type EventOfKind<K extends EventKind> = Extract<Event, { kind: K }>;

export const EVENT_KINDS: readonly EventKind[] = [
  'net.conn',
  'net.http',
  'net.tls',
  'net.x509',
  'net.dns',
  'net.file',
  'saas.login',
  'saas.admin',
  'saas.mailbox_rule',
  'saas.mail',
  'saas.other',
  'ai.prompt',
  'org.directory',
  'org.message',
];

export function isNetEvent(e: Event): e is NetConnEvent | NetHttpEvent | NetTlsEvent | NetDnsEvent | NetFileEvent {
  return e.kind.startsWith('net.') && e.kind !== 'net.x509';
}
