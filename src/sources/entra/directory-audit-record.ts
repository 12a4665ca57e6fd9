import type { SaasAdminEvent, SourceRef } from '../../events/event.js';
import {
  adminAction,
  adminConsentFrom,
  applicationIdFrom,
  grantClient,
  modifiedProperties,
  permissionsFrom,
} from '../m365/admin-operations.js';
import { arr, cleanIp, field, isObject, type Json, obj, parseTime, str } from '../m365/fields.js';

/**
 * One Entra ID directory audit (Graph `directoryAudit`, the Log Analytics `AuditLogs` table with
 * InitiatedBy/TargetResources as JSON text, or the diagnostic envelope's `properties`) to
 * `saas.admin`. Operations outside the named set keep action `other`.
 */
export function directoryAuditToEvent(rec: Json, source: SourceRef, outer?: Json): SaasAdminEvent | string {
  const time = parseTime(
    field(rec, 'ActivityDateTime') ?? field(rec, 'TimeGenerated') ?? (outer && field(outer, 'Time')),
  );
  if (Number.isNaN(time)) return 'directory audit without a valid activityDateTime';
  const operation = str(rec, 'ActivityDisplayName', 'OperationName') ?? (outer && str(outer, 'OperationName')) ?? '';
  if (operation === '') return 'directory audit without activityDisplayName';
  const by = obj(rec, 'InitiatedBy');
  const byUser = by && obj(by, 'User');
  const byApp = by && obj(by, 'App');
  const actor = (
    (byUser && str(byUser, 'UserPrincipalName')) ??
    str(rec, 'InitiatingUserOrApp') ??
    (outer && str(outer, 'Identity')) ??
    (byApp && str(byApp, 'DisplayName', 'ServicePrincipalName', 'AppId')) ??
    ''
  ).toLowerCase();
  const e: SaasAdminEvent = {
    kind: 'saas.admin',
    time,
    source,
    entity: { kind: byUser === undefined && byApp !== undefined ? 'agent' : 'user', id: actor },
    user: actor,
    ip: cleanIp((byUser && str(byUser, 'IpAddress')) ?? (outer && str(outer, 'CallerIpAddress'))),
    operation: operation.trim(),
    workload: 'AzureActiveDirectory',
    recordId: str(rec, 'Id', 'CorrelationId'),
    tenant: str(rec, 'TenantId', 'AADTenantId') ?? (outer && str(outer, 'TenantId')),
    action: adminAction(operation) ?? 'other',
  };
  const result = str(rec, 'Result');
  if (result !== undefined) e.result = result;
  const props: { name: string; value: string }[] = [];
  const apps: { id?: string; name?: string; appId?: string }[] = [];
  for (const t of arr(rec, 'TargetResources') ?? []) {
    if (!isObject(t)) continue;
    const own = modifiedProperties(arr(t, 'ModifiedProperties'));
    props.push(...own);
    const type = (str(t, 'Type') ?? '').toLowerCase();
    if (type === 'user') {
      const upn = str(t, 'UserPrincipalName', 'DisplayName');
      if (upn !== undefined) e.targetUser ??= upn.toLowerCase();
    } else if (type === 'serviceprincipal' || type === 'application' || type === '') {
      apps.push({ id: str(t, 'Id'), name: str(t, 'DisplayName'), appId: applicationIdFrom(own) });
    }
  }
  const client = grantClient(props);
  if (client === undefined) {
    const app = apps.find((a) => a.name !== undefined || a.id !== undefined || a.appId !== undefined);
    if (app !== undefined) e.targetApp = { id: app.appId ?? app.id, name: app.name };
  } else {
    // A grant targets the resource API and names the client in its properties (and often as a second target).
    const clientTarget = apps.find((a) => a.id !== undefined && a.id.toLowerCase() === client.objectId);
    const resource = apps.find((a) => a !== clientTarget);
    e.targetApp = { id: client.appId ?? client.objectId, name: client.name ?? clientTarget?.name };
    if (resource !== undefined) e.resourceApp = { id: resource.appId ?? resource.id, name: resource.name };
  }
  const adminConsent = adminConsentFrom(props);
  if (adminConsent !== undefined) e.adminConsent = adminConsent;
  const perms = permissionsFrom(props);
  if (perms.length > 0) e.permissions = perms;
  return e;
}
