import { describe, expect, test } from 'vitest';
import type { EventOfKind } from '../../events/event.js';
import { ualToEvent } from './ual-record.js';

/**
 * Operations with no record in shared/data: built in the documented Management Activity API
 * shape (common schema + the workload's schema), field names as Microsoft documents them.
 */
const common = {
  CreationTime: '2026-03-10T09:15:02',
  Id: 'c1a2b3c4-0000-4000-8000-000000000001',
  OrganizationId: 'tenant-1',
  UserType: 0,
  UserKey: '10032001A1B2C3D4',
  UserId: 'Ann.Lee@Contoso.com',
  ClientIP: '[2001:db8::7]:51234',
  ResultStatus: 'Success',
};
const src = { input: 'ual.json', line: 1 };

function decode<K extends string>(rec: Record<string, unknown>, kind: K) {
  const e = ualToEvent(rec, src);
  if (typeof e === 'string') throw new Error(e);
  expect(e.kind).toBe(kind);
  return e;
}

describe('UAL operations to canonical events', () => {
  test('Consent to application with permissions in ModifiedProperties', () => {
    const e = decode(
      {
        ...common,
        Operation: 'Consent to application.',
        Workload: 'AzureActiveDirectory',
        RecordType: 8,
        ObjectId: 'PerfectData Software',
        ModifiedProperties: [
          { Name: 'ConsentContext.IsAdminConsent', NewValue: 'False', OldValue: '' },
          {
            Name: 'ConsentAction.Permissions',
            NewValue:
              '[] => [[Id: abc, ClientId: def, PrincipalId: , ResourceId: ghi, ConsentType: Principal, Scope:  Mail.ReadWrite Mail.Send offline_access, CreatedDateTime: , LastModifiedDateTime ]];',
            OldValue: '',
          },
        ],
        Target: [
          { ID: 'ServicePrincipal_5a8b0f3c-1d2e-4f60-9a7b-8c9d0e1f2a3b', Type: 2 },
          { ID: '5a8b0f3c-1d2e-4f60-9a7b-8c9d0e1f2a3b', Type: 2 },
          { ID: 'PerfectData Software', Type: 1 },
        ],
      },
      'saas.admin',
    ) as EventOfKind<'saas.admin'>;
    expect(e).toMatchObject({ action: 'consent', user: 'ann.lee@contoso.com', ip: '2001:db8::7' });
    expect(e.permissions).toEqual(['Mail.ReadWrite', 'Mail.Send', 'offline_access']);
    expect(e.targetApp).toEqual({ id: '5a8b0f3c-1d2e-4f60-9a7b-8c9d0e1f2a3b', name: 'PerfectData Software' });
    expect(e.adminConsent).toBe(false);
  });

  test('Consent to application for the whole organisation keeps IsAdminConsent', () => {
    const e = decode(
      {
        ...common,
        Operation: 'Consent to application.',
        Workload: 'AzureActiveDirectory',
        ModifiedProperties: [
          { Name: 'ConsentContext.IsAdminConsent', NewValue: 'True', OldValue: '' },
          { Name: 'ConsentContext.OnBehalfOfAll', NewValue: 'True', OldValue: '' },
          {
            Name: 'ConsentAction.Permissions',
            NewValue: '[] => [[ConsentType: AllPrincipals, Scope:  User.Read Calendars.ReadWrite, ]];',
          },
          { Name: 'TargetId.ServicePrincipalNames', NewValue: '4765445b-32c6-49b0-83e6-1d93765276ca' },
        ],
        Target: [{ ID: 'Zoom', Type: 1 }],
      },
      'saas.admin',
    ) as EventOfKind<'saas.admin'>;
    expect(e).toMatchObject({
      action: 'consent',
      adminConsent: true,
      targetApp: { id: '4765445b-32c6-49b0-83e6-1d93765276ca', name: 'Zoom' },
    });
    expect(e.resourceApp).toBeUndefined();
  });

  test('Add delegated permission grant: the client is the application granted, the target is the resource API', () => {
    // The UAL writes the resource (Microsoft Graph) as the target, its names in Target and
    // TargetId.ServicePrincipalNames, and the client in the ServicePrincipal.* properties.
    const graph = '00000003-0000-0000-c000-000000000000';
    const e = decode(
      {
        ...common,
        Operation: 'Add delegated permission grant.',
        Workload: 'AzureActiveDirectory',
        RecordType: 8,
        ObjectId: `ServicePrincipal_401dd906-ea4f-4d41-b762-7e936d222368`,
        ModifiedProperties: [
          { Name: 'DelegatedPermissionGrant.Scope', NewValue: 'Mail.ReadWrite Mail.Send offline_access', OldValue: '' },
          { Name: 'DelegatedPermissionGrant.ConsentType', NewValue: 'Principal', OldValue: '' },
          { Name: 'ServicePrincipal.ObjectID', NewValue: '5a8b0f3c-1d2e-4f60-9a7b-8c9d0e1f2a3b', OldValue: '' },
          { Name: 'ServicePrincipal.DisplayName', NewValue: 'PerfectData Software', OldValue: '' },
          { Name: 'ServicePrincipal.AppId', NewValue: 'ff8d92dc-3d82-41d6-bcbd-b9174d163620', OldValue: '' },
          { Name: 'ServicePrincipal.Name', NewValue: 'ff8d92dc-3d82-41d6-bcbd-b9174d163620', OldValue: '' },
          {
            Name: 'TargetId.ServicePrincipalNames',
            NewValue: `${graph}/ags.windows.net;${graph};https://graph.microsoft.com`,
          },
        ],
        Target: [
          { ID: 'ServicePrincipal_401dd906-ea4f-4d41-b762-7e936d222368', Type: 2 },
          { ID: '401dd906-ea4f-4d41-b762-7e936d222368', Type: 2 },
          { ID: 'ServicePrincipal', Type: 2 },
          { ID: 'Microsoft Graph', Type: 1 },
          { ID: graph, Type: 2 },
          { ID: graph, Type: 4 },
          { ID: `${graph}/ags.windows.net`, Type: 2 },
        ],
      },
      'saas.admin',
    ) as EventOfKind<'saas.admin'>;
    expect(e.action).toBe('delegated_permission_grant');
    expect(e.targetApp).toEqual({ id: 'ff8d92dc-3d82-41d6-bcbd-b9174d163620', name: 'PerfectData Software' });
    expect(e.resourceApp).toEqual({ id: graph, name: 'Microsoft Graph' });
    expect(e.permissions).toEqual(['Mail.ReadWrite', 'Mail.Send', 'offline_access']);
  });

  test('Add app role assignment grant to user, Add service principal, credentials', () => {
    const role = decode(
      {
        ...common,
        Operation: 'Add app role assignment grant to user.',
        Workload: 'AzureActiveDirectory',
        ModifiedProperties: [{ Name: 'AppRole.Value', NewValue: 'User.Read.All' }],
      },
      'saas.admin',
    );
    expect(role).toMatchObject({ action: 'app_role_grant', permissions: ['User.Read.All'] });
    expect(
      decode({ ...common, Operation: 'Add service principal.', Workload: 'AzureActiveDirectory' }, 'saas.admin'),
    ).toMatchObject({ action: 'add_service_principal' });
    expect(
      decode(
        { ...common, Operation: 'Add service principal credentials.', Workload: 'AzureActiveDirectory' },
        'saas.admin',
      ),
    ).toMatchObject({ action: 'credentials_added' });
  });

  test('Set-InboxRule and UpdateInboxRules (Outlook client)', () => {
    const set = decode(
      {
        ...common,
        Operation: 'Set-InboxRule',
        Workload: 'Exchange',
        Parameters: [
          { Name: 'Identity', Value: 'Ann\\12345' },
          { Name: 'Name', Value: 'x' },
          { Name: 'MoveToFolder', Value: 'Archive' },
          { Name: 'MarkAsRead', Value: 'True' },
          { Name: 'SubjectContainsWords', Value: 'invoice;payment' },
        ],
      },
      'saas.mailbox_rule',
    ) as EventOfKind<'saas.mailbox_rule'>;
    expect(set).toMatchObject({
      ruleName: 'x',
      actions: { moveToFolder: 'Archive', markAsRead: true },
      conditions: { SubjectContainsWords: 'invoice;payment' },
    });
    const client = decode(
      {
        ...common,
        Operation: 'UpdateInboxRules',
        Workload: 'Exchange',
        OperationProperties: [
          { Name: 'RuleName', Value: '.' },
          {
            Name: 'RuleActions',
            Value:
              '[{"ActionType":"MoveToFolder","Folder":{"Path":"\\\\RSS Subscriptions"}},{"ActionType":"MarkAsRead"}]',
          },
          { Name: 'RuleCondition', Value: 'SubjectContains: invoice' },
          { Name: 'RuleOperation', Value: 'AddMailboxRule' },
        ],
      },
      'saas.mailbox_rule',
    ) as EventOfKind<'saas.mailbox_rule'>;
    expect(client).toMatchObject({ ruleName: '.', actions: { moveToFolder: 'RSS Subscriptions', markAsRead: true } });
  });

  test('UpdateInboxRules removing a rule is not a new rule; modifying one is', () => {
    const update = (operation: string) =>
      ualToEvent(
        {
          ...common,
          Operation: 'UpdateInboxRules',
          Workload: 'Exchange',
          OperationProperties: [
            { Name: 'RuleName', Value: 'x' },
            { Name: 'RuleActions', Value: '[{"ActionType":"MoveToFolder","Folder":{"Path":"\\\\RSS Feeds"}}]' },
            { Name: 'RuleOperation', Value: operation },
          ],
        },
        src,
      );
    expect(update('RemoveMailboxRule')).toMatchObject({ kind: 'saas.other', operation: 'UpdateInboxRules' });
    expect(update('ModifyMailboxRule')).toMatchObject({
      kind: 'saas.mailbox_rule',
      ruleName: 'x',
      actions: { moveToFolder: 'RSS Feeds' },
    });
    expect(update('AddMailboxRule')).toMatchObject({ kind: 'saas.mailbox_rule' });
  });

  test('Set-Mailbox turning forwarding off is not a forwarding rule', () => {
    const setMailbox = (params: { Name: string; Value: string }[]) =>
      ualToEvent({ ...common, Operation: 'Set-Mailbox', Workload: 'Exchange', Parameters: params }, src);
    const identity = { Name: 'Identity', Value: 'ann.lee@contoso.com' };
    const other = { kind: 'saas.other', operation: 'Set-Mailbox' };
    expect(setMailbox([identity, { Name: 'ForwardingSmtpAddress', Value: '' }])).toMatchObject(other);
    expect(setMailbox([identity, { Name: 'ForwardingAddress', Value: '$null' }])).toMatchObject(other);
    expect(setMailbox([identity, { Name: 'DeliverToMailboxAndForward', Value: 'False' }])).toMatchObject(other);
    expect(setMailbox([identity, { Name: 'ForwardingSmtpAddress', Value: 'smtp:drop@evil.example' }])).toMatchObject({
      kind: 'saas.mailbox_rule',
      forwardingAddress: 'drop@evil.example',
      actions: { forwardTo: ['drop@evil.example'] },
    });
  });

  test('UserLoginFailed with an MFA interrupt is interrupted, a bad password is a failure', () => {
    const failed = (logonError: string, errorNumber: string) =>
      decode(
        {
          ...common,
          Operation: 'UserLoginFailed',
          RecordType: 15,
          Workload: 'AzureActiveDirectory',
          ApplicationId: '00000002-0000-0ff1-ce00-000000000000',
          LogonError: logonError,
          ErrorNumber: errorNumber,
          ExtendedProperties: [{ Name: 'ResultStatusDetail', Value: 'Success' }],
        },
        'saas.login',
      ) as EventOfKind<'saas.login'>;
    expect(failed('UserStrongAuthClientAuthNRequiredInterrupt', '50074')).toMatchObject({
      success: false,
      interrupted: true,
      errorCode: 50074,
      failureReason: 'UserStrongAuthClientAuthNRequiredInterrupt',
    });
    expect(failed('KmsiInterrupt', '50140').interrupted).toBe(true);
    const bad = failed('InvalidUserNameOrPassword', '50126');
    expect(bad).toMatchObject({ success: false, errorCode: 50126 });
    expect(bad.interrupted).toBeUndefined();
  });

  test('Send, SendAs and MailItemsAccessed', () => {
    const sent = decode(
      {
        ...common,
        Operation: 'Send',
        Workload: 'Exchange',
        Item: {
          Id: 'x',
          Subject: 'Remittance advice',
          Attachments: 'Remittance_Advice.html (5321b); logo.png (1200b)',
          SizeInBytes: 9000,
        },
      },
      'saas.mail',
    ) as EventOfKind<'saas.mail'>;
    expect(sent).toMatchObject({ subject: 'Remittance advice', attachments: ['Remittance_Advice.html', 'logo.png'] });
    expect(
      decode({ ...common, Operation: 'SendAs', Workload: 'Exchange', Item: { Subject: 'Hi' } }, 'saas.mail'),
    ).toMatchObject({ operation: 'SendAs' });
    expect(
      decode({ ...common, Operation: 'MailItemsAccessed', Workload: 'Exchange', OperationCount: 250 }, 'saas.mail'),
    ).toMatchObject({ itemCount: 250 });
  });

  test('CopilotInteraction records become ai.prompt events', () => {
    const e = ualToEvent(
      {
        ...common,
        Operation: 'CopilotInteraction',
        Workload: 'Copilot',
        RecordType: 261,
        CopilotEventData: { AppHost: 'Word', ThreadId: 'th-1' },
      },
      src,
    );
    expect(e).toMatchObject({ kind: 'ai.prompt', actor: 'ann.lee@contoso.com', session: 'th-1' });
  });

  test('records without a time or an operation are rejected with a reason', () => {
    expect(ualToEvent({ Operation: 'Send' }, src)).toMatch(/CreationTime/);
    expect(ualToEvent({ CreationTime: '2026-03-10T09:15:02' }, src)).toMatch(/Operation/);
  });
});
