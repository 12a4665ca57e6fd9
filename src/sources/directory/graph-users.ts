import type { OrgDirectoryEvent } from '../../events/event.js';
import type { DecoderFactory, DecodeSink, InputDecoder } from '../decoder.js';
import { jsonRecordsDecoder } from './json-records.js';

/**
 * A Microsoft Graph users export (`GET /users?$select=...&$expand=manager`, or `Get-MgUser` output
 * as JSON): userPrincipalName, displayName, department, jobTitle and the expanded `manager`.
 *
 * A directory export says how things stand, not when they became so: each record's event time is
 * the account's `createdDateTime` when the export has it, else 0 ("valid from the beginning"), so
 * that baselines know the org chart before the first prompt.
 */
export const graphUsersDecoder: DecoderFactory = {
  format: 'graph-users-json',
  description: 'Microsoft Graph users export (JSON, JSON lines or a {"value":[...]} page), manager expanded',
  sniff(head: string): number {
    if (!/"userPrincipalName"\s*:/.test(head)) return 0;
    if (/"@odata\.context"\s*:\s*"[^"]*#users/.test(head)) return 0.95;
    // Sign-in and audit records also name a userPrincipalName; a users export has profile fields.
    if (/"(appDisplayName|ipAddress|Operation|conditionalAccessStatus)"\s*:/.test(head)) return 0;
    return /"(jobTitle|department|manager)"\s*:/.test(head) ? 0.8 : 0.3;
  },
  open(input: string, sink: DecodeSink): InputDecoder {
    return jsonRecordsDecoder(input, sink, (rec, line) => {
      const ev = graphUserToEvent(rec, input, line);
      if (ev === undefined)
        sink.reject({
          input,
          line,
          reason: 'user without "userPrincipalName"',
          text: JSON.stringify(rec).slice(0, 200),
        });
      else sink.event(ev);
    });
  },
};

export function graphUserToEvent(
  rec: Record<string, unknown>,
  input: string,
  line: number,
): OrgDirectoryEvent | undefined {
  const upn = str(rec.userPrincipalName)?.toLowerCase();
  if (upn === undefined) return undefined;
  const ev: OrgDirectoryEvent = {
    kind: 'org.directory',
    time: createdTime(rec.createdDateTime),
    source: { input, line, cursor: str(rec.id) },
    entity: { kind: 'user', id: upn },
    user: upn,
  };
  if (ev.source.cursor === undefined) delete ev.source.cursor;
  const displayName = str(rec.displayName);
  if (displayName !== undefined) ev.displayName = displayName;
  const department = str(rec.department);
  if (department !== undefined) ev.department = department;
  const title = str(rec.jobTitle);
  if (title !== undefined) ev.title = title;
  const m = rec.manager;
  const manager =
    m !== null && typeof m === 'object'
      ? (str((m as Record<string, unknown>).userPrincipalName) ?? str((m as Record<string, unknown>).mail))
      : str(rec.managerUserPrincipalName);
  if (manager !== undefined) ev.manager = manager.toLowerCase();
  return ev;
}

function createdTime(v: unknown): number {
  if (typeof v !== 'string') return 0;
  const t = Date.parse(v);
  return Number.isNaN(t) ? 0 : t;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
