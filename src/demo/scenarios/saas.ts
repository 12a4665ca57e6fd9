import type { Event, SaasAdminEvent, SaasLoginEvent, SaasMailboxRuleEvent, SaasMailEvent } from '../../events/event.js';
import { at } from '../timeline.js';

/**
 * Account takeover in Microsoft 365: password spraying against one user from a hosting network
 * abroad, a successful sign-in from there with a scripting client, consent to a mail-reading OAuth
 * app, an inbox rule that forwards and hides invoices, then a burst of outbound mail to outsiders.
 * The attacker's address is from the documentation range (RFC 5737); country and ASN are what a
 * sign-in record would carry.
 */

const USER = 'meganb@seccxp.ninja';
const ATTACKER_IP = '192.0.2.44';
const COUNTRY = 'RO';
/** A hosting/VPN provider's ASN, as sign-in records report it. */
const ASN = 9009;
const SOURCE = 'demo:scenario/saas';

export const SAAS_VICTIM = USER;

export function saasScenario(): Event[] {
  let n = 0;
  const base = (time: number, operation: string, workload: string) => {
    n++;
    return {
      time,
      source: { input: SOURCE, line: n },
      entity: { kind: 'user' as const, id: USER },
      user: USER,
      ip: ATTACKER_IP,
      operation,
      workload,
      recordId: `demo-saas-${n}`,
    };
  };
  const out: Event[] = [];
  for (let i = 0; i < 14; i++) {
    const failed: SaasLoginEvent = {
      ...base(at(12, i * 9), 'signIn', 'AzureActiveDirectory'),
      kind: 'saas.login',
      success: false,
      failureReason: 'Invalid username or password or Invalid on-premise username or password.',
      errorCode: 50126,
      app: 'Office 365 Exchange Online',
      clientApp: 'Other clients',
      userAgent: 'python-requests/2.31.0',
      country: COUNTRY,
      asn: ASN,
    };
    out.push(failed);
  }
  const success: SaasLoginEvent = {
    ...base(at(16), 'signIn', 'AzureActiveDirectory'),
    kind: 'saas.login',
    success: true,
    app: 'Office 365 Exchange Online',
    clientApp: 'Browser',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0',
    country: COUNTRY,
    city: 'Bucharest',
    asn: ASN,
    mfa: false,
  };
  const consent: SaasAdminEvent = {
    ...base(at(19), 'Consent to application.', 'AzureActiveDirectory'),
    kind: 'saas.admin',
    action: 'consent',
    targetApp: { id: '7e0c5d7a-5b0e-4c2e-9d59-0c1f8f0d5b11', name: 'Mail Sync Pro' },
    permissions: ['Mail.Read', 'Mail.Send', 'offline_access', 'User.Read'],
    result: 'Success',
  };
  const grant: SaasAdminEvent = {
    ...base(at(19, 4), 'Add delegated permission grant.', 'AzureActiveDirectory'),
    kind: 'saas.admin',
    action: 'delegated_permission_grant',
    targetApp: consent.targetApp,
    permissions: consent.permissions,
    result: 'Success',
  };
  const rule: SaasMailboxRuleEvent = {
    ...base(at(21), 'New-InboxRule', 'Exchange'),
    kind: 'saas.mailbox_rule',
    ruleName: '.',
    conditions: { SubjectOrBodyContainsWords: 'invoice;payment;wire' },
    actions: {
      forwardTo: ['m.archive@mailbox.example'],
      moveToFolder: 'RSS Feeds',
      markAsRead: true,
      stopProcessing: true,
    },
  };
  out.push(success, consent, grant, rule);
  for (let i = 0; i < 9; i++) {
    const mail: SaasMailEvent = {
      ...base(at(28, i * 20), 'Send', 'Exchange'),
      kind: 'saas.mail',
      recipientsInternal: 0,
      recipientsExternal: 48,
      subject: 'Updated remittance details - action required',
      attachments: ['Remittance_Advice.html'],
    };
    out.push(mail);
  }
  return out;
}
