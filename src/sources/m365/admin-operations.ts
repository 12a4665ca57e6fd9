import type { SaasAdminEvent } from '../../events/event.js';
import { isObject, type Json, nested, str } from './fields.js';

type AdminAction = SaasAdminEvent['action'];

/**
 * Entra ID directory operations by their audit names, lower-cased without the trailing dot the
 * unified audit log adds ("Add service principal." in UAL, "Add service principal" in AuditLogs).
 */
const ACTIONS = new Map<string, AdminAction>([
  ['add service principal', 'add_service_principal'],
  ['consent to application', 'consent'],
  ['add app role assignment grant to user', 'app_role_grant'],
  ['add app role assignment to service principal', 'app_role_grant'],
  ['add app role assignment to group', 'app_role_grant'],
  ['add delegated permission grant', 'delegated_permission_grant'],
  ['add oauth2permissiongrant', 'delegated_permission_grant'],
  ['add service principal credentials', 'credentials_added'],
  ['update application – certificates and secrets management', 'credentials_added'],
  ['update application - certificates and secrets management', 'credentials_added'],
  ['add application', 'add_application'],
  ['update application', 'update_application'],
]);

export function normaliseOperation(op: string): string {
  let s = op.trim().toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1);
  return s;
}

/** The normalised admin action of a directory operation, or undefined when it is not an admin one we name. */
export function adminAction(op: string): AdminAction | undefined {
  return ACTIONS.get(normaliseOperation(op));
}

const SCOPE = /Scope:\s*([^,\]]+)/g;
const ROLE_VALUE = /Value:\s*([^,\]\s]+)/g;
const TOKEN = /[A-Za-z][\w.-]*\.[\w.-]+|offline_access|openid|profile|email/g;

/**
 * Permissions granted, from the modified properties of a consent or grant. The audit writes them
 * as text ("Scope: Mail.Read User.Read, ..."), as a bare scope list ("Mail.Read offline_access"),
 * or quoted in JSON; we pull out scope-looking tokens.
 */
export function permissionsFrom(props: readonly { name: string; value: string }[]): string[] {
  const out = new Set<string>();
  for (const { name, value } of props) {
    const n = name.toLowerCase();
    if (!(n.includes('permission') || n.includes('scope') || n === 'approle.value')) continue;
    let found = false;
    for (const re of [SCOPE, ROLE_VALUE]) {
      re.lastIndex = 0;
      for (let m = re.exec(value); m !== null; m = re.exec(value)) {
        for (const s of m[1]!.trim().split(/\s+/)) if (s !== '') out.add(s);
        found = true;
      }
    }
    if (!found) {
      TOKEN.lastIndex = 0;
      for (let m = TOKEN.exec(value); m !== null; m = TOKEN.exec(value)) out.add(m[0]);
    }
  }
  return [...out];
}

/** UAL `ModifiedProperties` ({Name, NewValue}) and Entra `modifiedProperties` ({displayName, newValue}). */
export function modifiedProperties(list: unknown[] | undefined): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  if (list === undefined) return out;
  for (const p of list) {
    if (!isObject(p)) continue;
    const name = str(p as Json, 'Name', 'DisplayName');
    const value = str(p as Json, 'NewValue');
    if (name !== undefined && value !== undefined) out.push({ name, value });
  }
  return out;
}

/**
 * Modified properties that carry the target application's (client) id, lower-cased; the first GUID
 * in the value is it. `ServicePrincipal.AppId` is not one: on a grant it names the client the
 * permission is granted to, while the record's target is the resource API (see grantClient).
 */
const APP_ID_PROPERTIES = new Set([
  'appid',
  'appprincipalid',
  'serviceprincipalname',
  'serviceprincipalnames',
  'targetid.serviceprincipalnames',
]);
const GUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The application (client) id an admin record is about: the id sign-ins name the application by.
 * Directory objects (the service principal's object id) are a different GUID, so they are not it.
 */
export function applicationIdFrom(props: readonly { name: string; value: string }[]): string | undefined {
  for (const { name, value } of props) {
    if (!APP_ID_PROPERTIES.has(name.toLowerCase())) continue;
    const m = GUID_IN.exec(value);
    if (m !== null) return m[0].toLowerCase();
  }
  return undefined;
}

/** The application a delegated permission or app role is granted to, as the grant record names it. */
export interface GrantClient {
  appId?: string;
  objectId?: string;
  name?: string;
}

/**
 * "Add delegated permission grant" and "Add app role assignment to service principal" target the
 * resource service principal (Microsoft Graph, Exchange...) and name the client being granted in
 * the `ServicePrincipal.AppId` / `.ObjectID` / `.DisplayName` modified properties, often with only
 * the object id filled. Undefined when the record names no client this way.
 */
export function grantClient(props: readonly { name: string; value: string }[]): GrantClient | undefined {
  const out: GrantClient = {};
  for (const { name, value } of props) {
    const n = name.toLowerCase();
    if (!n.startsWith('serviceprincipal.')) continue;
    const v = unquote(value).trim();
    if (v === '') continue;
    if (n === 'serviceprincipal.displayname') out.name = v;
    else if (n === 'serviceprincipal.appid' || n === 'serviceprincipal.objectid') {
      const m = GUID_IN.exec(v);
      if (m === null) continue;
      if (n === 'serviceprincipal.appid') out.appId = m[0].toLowerCase();
      else out.objectId = m[0].toLowerCase();
    }
  }
  return out.name !== undefined || out.appId !== undefined || out.objectId !== undefined ? out : undefined;
}

/** Modified property values are JSON text: `["PerfectData Software"]`, `"Mail.Read"`. */
export function unquote(v: string): string {
  const parsed = nested(v);
  if (Array.isArray(parsed)) return String(parsed[0] ?? '');
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) {
    try {
      const s: unknown = JSON.parse(v);
      if (typeof s === 'string') return s;
    } catch {
      // Not JSON text after all: strip the quotes below.
    }
  }
  return v.replace(/^"|"$/g, '');
}

/** Consent records say whether an administrator consented for everyone (`ConsentContext.IsAdminConsent`). */
export function adminConsentFrom(props: readonly { name: string; value: string }[]): boolean | undefined {
  for (const { name, value } of props) {
    if (name.toLowerCase() !== 'consentcontext.isadminconsent') continue;
    const v = unquote(value).trim().toLowerCase();
    if (v === 'true' || v === 'false') return v === 'true';
  }
  return undefined;
}
