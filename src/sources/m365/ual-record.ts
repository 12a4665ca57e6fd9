import type {
  Event,
  SaasAdminEvent,
  SaasLoginEvent,
  SaasMailboxRuleEvent,
  SaasMailEvent,
  SourceRef,
} from '../../events/event.js';
import { isSignInInterrupt } from '../entra/sign-in-interrupts.js';
import { decodeCopilotInteraction } from '../prompts/copilot.js';
import {
  adminAction,
  adminConsentFrom,
  applicationIdFrom,
  grantClient,
  modifiedProperties,
  normaliseOperation,
  permissionsFrom,
  unquote,
} from './admin-operations.js';
import { arr, cleanIp, field, isObject, type Json, nameValues, num, obj, parseTime, str } from './fields.js';

/**
 * One unified audit log record to a canonical event. Accepts the Management Activity API shape
 * (PascalCase), the same lower-cased (Panther), the Log Analytics `OfficeActivity` table shape
 * (TimeGenerated, Client_IPAddress, stringified Parameters) and Defender `CloudAppEvents` rows whose
 * `RawEventData` carries the UAL record. Returns a reason string when the record cannot be used.
 */
export function ualToEvent(rec: Json, source: SourceRef): Event | string {
  const raw = obj(rec, 'RawEventData');
  if (raw !== undefined && str(raw, 'Operation') !== undefined) {
    const inner = ualToEvent(raw, source);
    if (typeof inner !== 'string' && 'user' in inner && inner.user === '') {
      inner.user = (str(rec, 'AccountUpn') ?? '').toLowerCase();
      inner.entity = { kind: 'user', id: inner.user };
    }
    return inner;
  }
  const time = parseTime(field(rec, 'CreationTime') ?? field(rec, 'TimeGenerated') ?? field(rec, 'Timestamp'));
  if (Number.isNaN(time)) return 'UAL record without a valid CreationTime';
  const operation = str(rec, 'Operation', 'ActionType');
  if (operation === undefined) return 'UAL record without Operation';
  const user = (str(rec, 'UserId', 'MailboxOwnerUPN', 'AccountUpn', 'UserKey') ?? '').toLowerCase();
  const base = {
    time,
    source,
    entity: { kind: 'user' as const, id: user },
    user,
    ip: cleanIp(str(rec, 'ClientIP', 'Client_IPAddress', 'ClientIPAddress', 'ActorIpAddress', 'IPAddress')),
    operation,
    workload: str(rec, 'Workload', 'OfficeWorkload'),
    recordId: str(rec, 'Id', 'OfficeId', 'ReportId'),
    tenant: str(rec, 'OrganizationId', 'TenantId'),
  };
  const op = normaliseOperation(operation);
  switch (op) {
    case 'userloggedin':
    case 'userloginfailed':
    case 'passwordlogoninitialauthusingpassword':
      return login(rec, base, op);
    case 'new-inboxrule':
    case 'set-inboxrule':
      return inboxRule(rec, base);
    case 'updateinboxrules': {
      const props = nameValues(arr(rec, 'OperationProperties'));
      // Outlook logs removing a rule under the same operation: a removal hides nothing new.
      if (RULE_REMOVAL.test(props.get('RuleOperation') ?? '')) break;
      return clientInboxRule(props, base);
    }
    case 'set-mailbox': {
      // Forwarding set to nothing ($null or "") turns forwarding off: not a rule, kept as saas.other.
      const params = nameValues(arr(rec, 'Parameters'));
      const fwd = stripSmtp(params.get('ForwardingSmtpAddress') || params.get('ForwardingAddress') || '');
      if (fwd === '' || fwd.toLowerCase() === '$null') break;
      const e: SaasMailboxRuleEvent = { ...base, kind: 'saas.mailbox_rule', actions: { forwardTo: [fwd] } };
      e.forwardingAddress = fwd;
      return e;
    }
    case 'send':
    case 'sendas':
    case 'sendonbehalf':
    case 'mailitemsaccessed':
      return mail(rec, base);
    case 'copilotinteraction': {
      // Copilot prompts are AI activity: the prompts layer owns their shape.
      const prompt = decodeCopilotInteraction(rec, source);
      if (prompt !== undefined) return prompt;
      break;
    }
  }
  const action = adminAction(operation);
  const workload = base.workload?.toLowerCase();
  if (action !== undefined || workload === 'azureactivedirectory') return admin(rec, base, action ?? 'other');
  return { ...base, kind: 'saas.other' };
}

type Base = Omit<SaasLoginEvent, 'kind' | 'success'>;

function login(rec: Json, base: Base, op: string): SaasLoginEvent {
  const ext = nameValues(arr(rec, 'ExtendedProperties'));
  const failure = str(rec, 'LogonError', 'LoginError') ?? loginErrorCode(ext.get('LoginError'));
  const status = (str(rec, 'ResultStatus') ?? '').toLowerCase();
  const success =
    op === 'userloggedin' ||
    (op !== 'userloginfailed' && failure === undefined && (status === 'success' || status === 'succeeded'));
  const e: SaasLoginEvent = { ...base, kind: 'saas.login', success };
  if (!success && failure !== undefined) e.failureReason = failure;
  const code = num(rec, 'ErrorNumber');
  if (code !== undefined) e.errorCode = code;
  if (!success && isSignInInterrupt(code, failure)) e.interrupted = true;
  const appId = str(rec, 'ApplicationId');
  if (appId !== undefined) e.appId = appId.toLowerCase();
  const app = str(rec, 'ApplicationDisplayName') ?? appId;
  if (app !== undefined) e.app = app;
  const ua = ext.get('UserAgent');
  if (ua) e.userAgent = ua;
  return e;
}

/** PasswordLogon records write "-2147217390;PP_E_BAD_PASSWORD;The entered ..."; keep the symbolic code. */
function loginErrorCode(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const parts = v.split(';');
  return (parts.length > 1 ? parts[1] : parts[0])!.trim();
}

/** Parameters that configure what a rule does, not what it matches. */
const RULE_NON_CONDITIONS = new Set([
  'Identity',
  'Name',
  'Mailbox',
  'Force',
  'AlwaysDeleteOutlookRulesBlob',
  'MoveToFolder',
  'CopyToFolder',
  'DeleteMessage',
  'SoftDeleteMessage',
  'MarkAsRead',
  'ForwardTo',
  'ForwardAsAttachmentTo',
  'RedirectTo',
  'StopProcessingRules',
  'Enabled',
  'Priority',
  'ErrorAction',
  'Confirm',
]);

function inboxRule(rec: Json, base: Base): SaasMailboxRuleEvent {
  const p = nameValues(arr(rec, 'Parameters'));
  const e: SaasMailboxRuleEvent = { ...base, kind: 'saas.mailbox_rule', actions: {} };
  const name = p.get('Name') ?? p.get('Identity');
  if (name !== undefined) e.ruleName = name;
  const folder = p.get('MoveToFolder') ?? p.get('CopyToFolder');
  if (folder) e.actions.moveToFolder = folder;
  if (isTrue(p.get('DeleteMessage')) || isTrue(p.get('SoftDeleteMessage'))) e.actions.delete = true;
  if (isTrue(p.get('MarkAsRead'))) e.actions.markAsRead = true;
  if (isTrue(p.get('StopProcessingRules'))) e.actions.stopProcessing = true;
  const fwd = addresses(p.get('ForwardTo'), p.get('ForwardAsAttachmentTo'));
  if (fwd.length > 0) e.actions.forwardTo = fwd;
  const redirect = addresses(p.get('RedirectTo'));
  if (redirect.length > 0) e.actions.redirectTo = redirect;
  let conditions: Record<string, string> | undefined;
  for (const [k, v] of p) {
    if (RULE_NON_CONDITIONS.has(k)) continue;
    conditions ??= {};
    conditions[k] = v;
  }
  if (conditions) e.conditions = conditions;
  return e;
}

/** UpdateInboxRules `RuleOperation` values that take rules away (RemoveMailboxRule, DeleteMailboxRule...). */
const RULE_REMOVAL = /remove|delete|clear/i;

const FOLDER_PATH = /"(?:Path|FolderName|DisplayName)"\s*:\s*"\\*([^"]+)"/;

/**
 * `UpdateInboxRules` is what Outlook clients log: the rule arrives in `OperationProperties` as
 * RuleName, RuleActions (text naming action types and the target folder) and RuleCondition.
 */
function clientInboxRule(p: Map<string, string>, base: Base): SaasMailboxRuleEvent {
  const e: SaasMailboxRuleEvent = { ...base, kind: 'saas.mailbox_rule', actions: {} };
  const name = p.get('RuleName');
  if (name !== undefined) e.ruleName = name;
  const actions = p.get('RuleActions') ?? '';
  if (/MoveToFolder|CopyToFolder/i.test(actions)) {
    const f = FOLDER_PATH.exec(actions);
    e.actions.moveToFolder = f ? f[1]!.replace(/\\\\/g, '\\') : 'unknown';
  }
  if (/Delete/i.test(actions)) e.actions.delete = true;
  if (/MarkAsRead/i.test(actions)) e.actions.markAsRead = true;
  if (/Forward/i.test(actions)) e.actions.forwardTo = recipientsIn(actions);
  if (/Redirect/i.test(actions)) e.actions.redirectTo = recipientsIn(actions);
  const cond = p.get('RuleCondition');
  if (cond) e.conditions = { RuleCondition: cond };
  return e;
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

function recipientsIn(text: string): string[] {
  return [...new Set(text.match(EMAIL) ?? [])].map((s) => s.toLowerCase());
}

function addresses(...values: (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (!v) continue;
    for (const part of v.split(/[;,]/)) {
      const a = stripSmtp(part.trim().replace(/^"|"$/g, ''));
      if (a !== '') out.push(a.toLowerCase());
    }
  }
  return out;
}

function stripSmtp(s: string): string {
  return s.replace(/^smtp:/i, '').trim();
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.toLowerCase() === 'true';
}

const ATTACHMENT_SIZE = /\s*\(\d+b\)\s*$/;

function mail(rec: Json, base: Base): SaasMailEvent {
  const e: SaasMailEvent = { ...base, kind: 'saas.mail' };
  const item = obj(rec, 'Item');
  if (item !== undefined) {
    const subject = str(item, 'Subject');
    if (subject !== undefined) e.subject = subject;
    const att = str(item, 'Attachments');
    if (att !== undefined) e.attachments = att.split(';').map((a) => a.replace(ATTACHMENT_SIZE, '').trim());
  }
  const folders = arr(rec, 'Folders');
  if (folders !== undefined) {
    let n = 0;
    for (const f of folders) if (isObject(f)) n += arr(f, 'FolderItems')?.length ?? 0;
    e.itemCount = n;
  }
  const count = num(rec, 'OperationCount');
  if (count !== undefined && (e.itemCount === undefined || count > e.itemCount)) e.itemCount = count;
  return e;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function admin(rec: Json, base: Base, action: SaasAdminEvent['action']): SaasAdminEvent {
  const props = modifiedProperties(arr(rec, 'ModifiedProperties'));
  const e: SaasAdminEvent = { ...base, kind: 'saas.admin', action };
  const perms = permissionsFrom(props);
  // Defender CloudAppEvents rows without RawEventData carry the granted scopes as a column.
  const column = perms.length === 0 ? str(rec, 'Permissions') : undefined;
  if (column !== undefined) perms.push(...column.split(/\s+/).filter((p) => p !== ''));
  if (perms.length > 0) e.permissions = perms;
  const result = str(rec, 'ResultStatus');
  if (result !== undefined) e.result = result;
  let name: string | undefined;
  let id = applicationIdFrom(props);
  for (const p of props) if (p.name === 'DisplayName' && name === undefined) name = unquote(p.value);
  const targets = arr(rec, 'Target') ?? [];
  for (const t of targets) {
    if (!isObject(t)) continue;
    const tid = str(t, 'ID');
    if (tid === undefined) continue;
    if (GUID.test(tid)) id ??= tid;
    else if (tid.includes('@')) e.targetUser ??= tid.toLowerCase();
    else if (num(t, 'Type') === 1 && !tid.includes('_')) name ??= tid;
  }
  const client = grantClient(props);
  if (client !== undefined) {
    // A grant's target is the resource API; the client granted the permission is in its properties.
    e.targetApp = { id: client.appId ?? client.objectId, name: client.name };
    if (name !== undefined || id !== undefined) e.resourceApp = { id, name };
  } else if (name !== undefined || id !== undefined) e.targetApp = { id, name };
  const resourceName = e.resourceApp === undefined ? str(rec, 'PermissionsAddedTo') : undefined;
  if (resourceName !== undefined) e.resourceApp = { name: resourceName };
  const adminConsent = adminConsentFrom(props);
  if (adminConsent !== undefined) e.adminConsent = adminConsent;
  const objectId = str(rec, 'ObjectId');
  if (objectId?.includes('@') && action === 'other') e.targetUser ??= objectId.toLowerCase();
  return e;
}
