import type { DecoderFactory } from '../decoder.js';
import { openMicrosoftJson } from '../m365/decoders.js';

function has(head: string, ...keys: string[]): boolean {
  for (const k of keys) if (head.includes(`"${k}"`)) return true;
  return false;
}

/**
 * Entra ID sign-ins (and directory audits) as Graph returns them: single `signIn` objects, arrays,
 * `{"value":[...]}` pages, or the diagnostic-settings `{category, properties}` envelope.
 */
export const entraSignInJson: DecoderFactory = {
  format: 'entra-signin-json',
  description:
    'Entra ID sign-ins as Microsoft Graph signIn JSON (objects, arrays, {"value":[...]} pages, diagnostic settings export)',
  sniff(head) {
    if (has(head, 'createdDateTime') && has(head, 'userPrincipalName') && has(head, 'appDisplayName', 'status'))
      return 0.9;
    if (has(head, 'category') && has(head, 'properties') && /SignInLogs|AuditLogs|ApplicationManagement/i.test(head))
      return 0.8;
    if (has(head, 'activityDisplayName') && has(head, 'initiatedBy')) return 0.8;
    return 0;
  },
  open: openMicrosoftJson,
};

/** The Log Analytics / Sentinel `SigninLogs` (and `AuditLogs`) tables exported as JSON. */
export const entraSigninLogsJson: DecoderFactory = {
  format: 'entra-signinlogs-json',
  description: 'Entra ID sign-ins from the Log Analytics SigninLogs table as JSON (and the AuditLogs table)',
  sniff(head) {
    if (!has(head, 'TimeGenerated')) return 0;
    if (has(head, 'UserPrincipalName') && has(head, 'ResultType', 'Status')) return 0.92;
    if (/"Category"\s*:\s*"\w*SignInLogs"/i.test(head)) return 0.92;
    if (/"Type"\s*:\s*"AuditLogs"/.test(head) || (has(head, 'InitiatedBy') && has(head, 'OperationName'))) return 0.9;
    return 0;
  },
  open: openMicrosoftJson,
};
