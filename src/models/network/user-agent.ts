import type { NetHttpEvent } from '../../events/event.js';

const POWERSHELL = /powershell/i;

/** PowerShell's web cmdlets (Invoke-WebRequest, Invoke-RestMethod) and its .NET clients say so in their UA. */
export function isPowerShell(e: NetHttpEvent): boolean {
  if (e.ua !== undefined && POWERSHELL.test(e.ua.family)) return true;
  return e.userAgent !== undefined && POWERSHELL.test(e.userAgent);
}
