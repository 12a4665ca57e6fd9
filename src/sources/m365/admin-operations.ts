import type { SaasAdminEvent } from '../../events/event.js';
import { isObject, type Json, str } from './fields.js';

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

/** Modified properties that carry an application (client) id, lower-cased; the first GUID in the value is it. */
const APP_ID_PROPERTIES = new Set([
  'appid',
  'appprincipalid',
  'serviceprincipal.appid',
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
