/**
 * Entra ID (AADSTS) result codes that interrupt a sign-in rather than fail it: the credentials
 * were accepted, or not yet asked for, and the user is sent through one more step (a second
 * factor, "Stay signed in?", a password-reset registration, a device check). The sign-in logs show
 * them as "Interrupted"; they are followed by a success or a real failure of their own. Counting
 * them as failed logins makes every MFA prompt look like a password guess.
 * Names and meanings as the Microsoft Entra authentication and authorization error code reference
 * (learn.microsoft.com/entra/identity-platform/reference-error-codes) gives them.
 */
export const SIGN_IN_INTERRUPTS: ReadonlyMap<number, string> = new Map([
  [50072, 'UserStrongAuthEnrollmentRequiredInterrupt: the user must register a second factor'],
  [50074, 'UserStrongAuthClientAuthNRequiredInterrupt: strong authentication required, second factor not yet passed'],
  [50076, 'UserStrongAuthClientAuthNRequired: multi-factor authentication required for this resource'],
  [50079, 'UserStrongAuthEnrollmentRequired: the user must register for multi-factor authentication'],
  [50097, 'DeviceAuthenticationRequired: device authentication is required'],
  [50125, 'PasswordResetRegistrationRequiredInterrupt: sign-in interrupted by password reset or registration'],
  [50129, 'DeviceIsNotWorkplaceJoined: workplace join is required to register the device'],
  [50140, 'KmsiInterrupt: the "Keep me signed in" prompt'],
  [50199, 'CmsiInterrupt: user confirmation required for this request'],
]);

/** The same interrupts by the symbolic name unified audit log records write in LogonError. */
const INTERRUPT_NAMES: ReadonlySet<string> = new Set(
  [...SIGN_IN_INTERRUPTS.values()].map((text) => text.slice(0, text.indexOf(':')).toLowerCase()),
);

/** Whether a sign-in result code or LogonError name is an interrupt, not a failure. */
export function isSignInInterrupt(code: number | undefined, name?: string): boolean {
  if (code !== undefined && SIGN_IN_INTERRUPTS.has(code)) return true;
  return name !== undefined && INTERRUPT_NAMES.has(name.toLowerCase());
}
