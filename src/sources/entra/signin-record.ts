import type { SaasLoginEvent, SourceRef } from '../../events/event.js';
import { arr, cleanIp, field, type Json, num, obj, parseTime, str } from '../m365/fields.js';
import { isSignInInterrupt, SIGN_IN_INTERRUPTS } from './sign-in-interrupts.js';

/**
 * One Entra ID sign-in to `saas.login`. Accepts the Graph `signIn` resource (camelCase), the Log
 * Analytics `SigninLogs` table (PascalCase, LocationDetails/Status possibly as JSON text, ResultType
 * as a string) and the diagnostic-settings envelope's `properties`. `outer` is that envelope, whose
 * `time`, `callerIpAddress` and `location` fill gaps. Service-principal sign-ins belong to an agent.
 */
export function signInToEvent(rec: Json, source: SourceRef, outer?: Json): SaasLoginEvent | string {
  const time = parseTime(
    field(rec, 'CreatedDateTime') ?? field(rec, 'TimeGenerated') ?? (outer && field(outer, 'Time')),
  );
  if (Number.isNaN(time)) return 'sign-in without a valid createdDateTime';
  const upn = str(rec, 'UserPrincipalName', 'SignInIdentifier', 'AlternateSignInName');
  const spn = str(rec, 'ServicePrincipalName', 'ServicePrincipalId');
  const who = (upn ?? spn ?? (outer && str(outer, 'Identity')) ?? '').toLowerCase();
  if (who === '') return 'sign-in without userPrincipalName';
  const status = obj(rec, 'Status');
  const code = (status && num(status, 'ErrorCode')) ?? num(rec, 'ResultType') ?? (outer && num(outer, 'ResultType'));
  const e: SaasLoginEvent = {
    kind: 'saas.login',
    time,
    source,
    entity: { kind: upn === undefined && spn !== undefined ? 'agent' : 'user', id: who },
    user: who,
    ip: cleanIp(str(rec, 'IpAddress', 'IPAddress') ?? (outer && str(outer, 'CallerIpAddress'))),
    operation: 'signIn',
    workload: 'AzureActiveDirectory',
    recordId: str(rec, 'Id', 'OriginalRequestId', 'CorrelationId'),
    tenant: str(rec, 'TenantId', 'HomeTenantId', 'ResourceTenantId') ?? (outer && str(outer, 'TenantId')),
    success: code === undefined || code === 0,
  };
  if (code !== undefined && code !== 0) {
    e.errorCode = code;
    const reason = (status && str(status, 'FailureReason')) ?? str(rec, 'ResultDescription');
    if (isSignInInterrupt(code)) {
      e.interrupted = true;
      e.failureReason = reason !== undefined && reason !== 'Other' ? reason : SIGN_IN_INTERRUPTS.get(code)!;
    } else if (reason !== undefined) e.failureReason = reason;
  }
  const appId = str(rec, 'AppId');
  if (appId !== undefined) e.appId = appId.toLowerCase();
  const app = str(rec, 'AppDisplayName', 'ResourceDisplayName') ?? appId;
  if (app !== undefined) e.app = app;
  const clientApp = str(rec, 'ClientAppUsed');
  if (clientApp !== undefined) e.clientApp = clientApp;
  const ua = str(rec, 'UserAgent');
  if (ua !== undefined) e.userAgent = ua;
  const loc = obj(rec, 'Location', 'LocationDetails');
  const country = (loc && str(loc, 'CountryOrRegion')) ?? str(rec, 'Location') ?? (outer && str(outer, 'Location'));
  if (country !== undefined && country.length === 2) e.country = country.toUpperCase();
  const city = loc && str(loc, 'City');
  if (city !== undefined) e.city = city;
  const geo = loc && obj(loc, 'GeoCoordinates');
  const lat = geo && num(geo, 'Latitude');
  const lon = geo && num(geo, 'Longitude');
  if (lat !== undefined && lon !== undefined && (lat !== 0 || lon !== 0)) {
    e.lat = lat;
    e.lon = lon;
  }
  const asn = num(rec, 'AutonomousSystemNumber');
  if (asn !== undefined && asn > 0) e.asn = asn;
  const risk = str(rec, 'RiskLevelDuringSignIn', 'RiskLevelAggregated', 'RiskLevel');
  if (risk !== undefined) e.riskLevel = risk;
  const riskState = str(rec, 'RiskState');
  if (riskState !== undefined) e.riskState = riskState;
  const riskTypes = riskEventTypes(rec);
  if (riskTypes.length > 0) e.riskEventTypes = riskTypes;
  const req = str(rec, 'AuthenticationRequirement');
  if (req !== undefined) e.mfa = req.toLowerCase() === 'multifactorauthentication';
  return e;
}

/** riskEventTypes_v2 (strings) where present, else the older riskEventTypes; arrays or JSON text. */
function riskEventTypes(rec: Json): string[] {
  for (const name of ['RiskEventTypes_v2', 'RiskEventTypes']) {
    const list = (arr(rec, name) ?? []).filter((t): t is string => typeof t === 'string' && t !== '' && t !== 'none');
    if (list.length > 0) return list;
  }
  return [];
}
