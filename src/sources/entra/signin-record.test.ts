import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sharedData } from '../../../test/shared-data.js';
import type { Json } from '../m365/fields.js';
import { SIGN_IN_INTERRUPTS } from './sign-in-interrupts.js';
import { signInToEvent } from './signin-record.js';

const src = { input: 'signins.json', line: 1 };

function decode(rec: Json) {
  const e = signInToEvent(rec, src);
  if (typeof e === 'string') throw new Error(e);
  return e;
}

/** A Graph `signIn` resource as the documentation shapes it; only the status varies. */
function graphSignIn(errorCode: number, failureReason: string): Json {
  return {
    id: '66ea54eb-6301-4ee5-be62-ff5a759b0100',
    createdDateTime: '2026-03-10T09:15:02Z',
    userPrincipalName: 'Ann.Lee@contoso.com',
    appId: '00000002-0000-0ff1-ce00-000000000000',
    appDisplayName: 'Office 365 Exchange Online',
    ipAddress: '81.2.10.7',
    clientAppUsed: 'Browser',
    status: { errorCode, failureReason, additionalDetails: null },
    location: { city: 'London', countryOrRegion: 'GB' },
  };
}

describe('sign-in interrupts are not failures', () => {
  test('real SigninLogs rows: the two 90072 results stay failures, nothing is an interrupt', () => {
    const rows = readFileSync(sharedData('m365/msticpy-aad-signinlogs/aad_signinlogs.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => decode(JSON.parse(l) as Json));
    expect(rows).toHaveLength(86);
    expect(rows.filter((e) => !e.success).map((e) => [e.errorCode, e.interrupted])).toEqual([
      [90072, undefined],
      [90072, undefined],
    ]);
    expect(rows.some((e) => e.interrupted)).toBe(false);
  });

  test.each([
    [50074, 'Strong Authentication is required.'],
    [50076, 'Due to a configuration change made by your administrator, you must use multi-factor authentication.'],
    [50140, 'This error occurred due to "Keep me signed in" interrupt when the user was signing in.'],
    [50125, 'Sign-in was interrupted due to a password reset or password registration entry.'],
    [50097, 'Device authentication is required.'],
    [50129, 'Device is not workplace joined - Workplace join is required to register the device.'],
  ])('Graph signIn with status %i is interrupted, not failed', (code, reason) => {
    const e = decode(graphSignIn(code, reason));
    expect(e).toMatchObject({ success: false, interrupted: true, errorCode: code, failureReason: reason });
  });

  test('Log Analytics rows carry the code as a string and often "Other" as the description', () => {
    const e = decode({
      TimeGenerated: '2026-03-10T09:15:02Z',
      UserPrincipalName: 'ann.lee@contoso.com',
      ResultType: '50140',
      ResultDescription: 'Other',
      IPAddress: '81.2.10.7',
    });
    expect(e).toMatchObject({ success: false, interrupted: true, errorCode: 50140 });
    expect(e.failureReason).toBe(SIGN_IN_INTERRUPTS.get(50140));
  });

  test('wrong passwords, lockouts and blocked access remain failures', () => {
    for (const [code, reason] of [
      [50126, 'Error validating credentials due to invalid username or password.'],
      [50053, 'Account is locked because user tried to sign in too many times with an incorrect user ID or password.'],
      [53003, 'Access has been blocked by Conditional Access policies.'],
    ] as const) {
      const e = decode(graphSignIn(code, reason));
      expect(e.success).toBe(false);
      expect(e.interrupted).toBeUndefined();
      expect(e.failureReason).toBe(reason);
    }
    expect(decode(graphSignIn(0, '')).success).toBe(true);
  });
});
