import type { Event, SourceRef } from '../../events/event.js';
import { directoryAuditToEvent } from '../entra/directory-audit-record.js';
import { signInToEvent } from '../entra/signin-record.js';
import { field, type Json, obj, parseTime, str } from './fields.js';
import { ualToEvent } from './ual-record.js';

/** The Microsoft record shapes telltale tells apart by their fields. */
export type MicrosoftShape = 'ual' | 'signin' | 'directory-audit' | 'envelope' | 'other';

/**
 * Which shape a record has. Sign-ins carry a user principal and an app or status; directory
 * audits an initiator and an activity name; UAL records an Operation (or a Defender ActionType);
 * diagnostic-settings exports wrap any of these in `{category, properties}`.
 */
export function shapeOf(rec: Json): MicrosoftShape {
  if (field(rec, 'Properties') !== undefined && field(rec, 'Category') !== undefined) return 'envelope';
  const type = str(rec, 'Type');
  if (type === 'SigninLogs' || type === 'AADNonInteractiveUserSignInLogs') return 'signin';
  if (type === 'AuditLogs') return 'directory-audit';
  if (field(rec, 'CreationTime') !== undefined || field(rec, 'Operation') !== undefined) return 'ual';
  if (field(rec, 'ActionType') !== undefined && field(rec, 'Timestamp') !== undefined) return 'ual';
  if (
    (field(rec, 'UserPrincipalName') !== undefined || field(rec, 'ServicePrincipalId') !== undefined) &&
    (field(rec, 'AppDisplayName') !== undefined ||
      field(rec, 'Status') !== undefined ||
      field(rec, 'ResultType') !== undefined ||
      field(rec, 'IpAddress') !== undefined)
  ) {
    return 'signin';
  }
  if (field(rec, 'InitiatedBy') !== undefined && field(rec, 'ActivityDisplayName') !== undefined)
    return 'directory-audit';
  return 'other';
}

/** Any Microsoft 365 / Entra ID record to a canonical event, or a reason it cannot be used. */
export function microsoftRecordToEvent(rec: Json, source: SourceRef): Event | string {
  switch (shapeOf(rec)) {
    case 'ual':
      return ualToEvent(rec, source);
    case 'signin':
      return signInToEvent(rec, source);
    case 'directory-audit':
      return directoryAuditToEvent(rec, source);
    case 'envelope': {
      const props = obj(rec, 'Properties') ?? {};
      const category = (str(rec, 'Category') ?? '').toLowerCase();
      if (
        category.endsWith('signinlogs') &&
        str(props, 'UserPrincipalName', 'ServicePrincipalName', 'ServicePrincipalId')
      ) {
        return signInToEvent(props, source, rec);
      }
      if (field(props, 'InitiatedBy') !== undefined || field(props, 'ActivityDisplayName') !== undefined) {
        return directoryAuditToEvent(props, source, rec);
      }
      return otherRecord(rec, source);
    }
    default:
      return otherRecord(rec, source);
  }
}

/**
 * A Microsoft record of a kind we do not model (Intune audit, Defender alert, Graph security
 * alert): kept as `saas.other` under whichever identity it names, so it is counted and searchable.
 */
function otherRecord(rec: Json, source: SourceRef): Event | string {
  const props = obj(rec, 'Properties');
  let time = parseTime(
    field(rec, 'Time') ?? field(rec, 'CreatedDateTime') ?? field(rec, 'TimeGenerated') ?? field(rec, 'Timestamp'),
  );
  if (Number.isNaN(time) && props !== undefined)
    time = parseTime(field(props, 'Timestamp') ?? field(props, 'ActivityDate'));
  if (Number.isNaN(time)) return 'Microsoft record without a recognisable time field';
  const operation = str(rec, 'OperationName', 'Title', 'ActionType') ?? 'unknown';
  const user = (str(rec, 'Identity', 'UserPrincipalName', 'AccountUpn') ?? '').toLowerCase();
  return {
    kind: 'saas.other',
    time,
    source,
    entity: { kind: 'user', id: user },
    user,
    operation,
    workload: str(rec, 'Category', 'ServiceSource'),
    recordId: str(rec, 'Id', 'CorrelationId'),
    tenant: str(rec, 'TenantId'),
  };
}
