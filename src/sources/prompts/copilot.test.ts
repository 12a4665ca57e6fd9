import { describe, expect, it } from 'vitest';
import { decodeCopilotInteraction } from './copilot.js';

/** Microsoft's documented example 1 (office-365-management-api, copilot-schema.md). */
const DOC_EXAMPLE = {
  CreationTime: '2023-12-13T17:12:36',
  Id: '99b0a960-13a0-461f-8c5c-cb2316ea273d',
  Operation: 'CopilotInteraction',
  OrganizationId: '408e31c8-8f05-410a-9221-84335f0ce512',
  RecordType: 261,
  UserKey: '12d24f71-64c7-49b3-821f-f8884f3f373e',
  UserType: 0,
  Version: 1,
  Workload: 'Copilot',
  ClientIP: '::ffff:10.11.0.229',
  UserId: 'admin@MODERNCOMMS975184.onmicrosoft.com',
  CopilotEventData: {
    AccessedResources: [],
    AppHost: 'appchat',
    Contexts: [
      {
        Id: 'https://moderncomms975184-my.sharepoint.com/personal/admin_moderncomms975184_onmicrosoft_com/_layouts/15/Doc.aspx?sourcedoc=%7B9FDE1491-B079-4180-9B1E-B87F4ACA19F7%7D&file=AboutElephants.docx&action=default&mobileredirect=true',
        Type: 'docx',
      },
    ],
    MessageIds: [],
    ThreadId: '19:lgojcxwbvhJnfU3IhUJW5M-nSX2U7tjccgSrtYAoG341@thread.v2',
  },
};

describe('decodeCopilotInteraction', () => {
  it('decodes the documented example as a human prompt with its context file', () => {
    const e = decodeCopilotInteraction(DOC_EXAMPLE, { input: 'ual.json', line: 3 });
    expect(e).toBeDefined();
    expect(e!.time).toBe(Date.parse('2023-12-13T17:12:36Z'));
    expect(e!.entity).toEqual({ kind: 'user', id: 'admin@moderncomms975184.onmicrosoft.com' });
    expect(e!.app).toBe('Microsoft 365 Copilot (appchat)');
    expect(e!.session).toBe(DOC_EXAMPLE.CopilotEventData.ThreadId);
    expect(e!.resources).toEqual([DOC_EXAMPLE.CopilotEventData.Contexts[0]!.Id]);
    expect(e!.prompt).toBe('');
    expect(e!.source).toEqual({ input: 'ual.json', line: 3, cursor: DOC_EXAMPLE.Id });
  });

  it('reads plug-ins as tools, the model, files touched, and agents acting for the user', () => {
    const rec = {
      ...DOC_EXAMPLE,
      AgentId: 'CopilotStudio.Declarative.HRAgent',
      CopilotEventData: {
        AppHost: 'bizchat',
        AISystemPlugin: [{ Id: 'BingWebSearch', Name: 'BingWebSearch' }],
        ModelTransparencyDetails: [{ ModelName: 'gpt-4o' }],
        AccessedResources: [
          { Id: 'r1', SiteUrl: 'https://contoso.sharepoint.com/sites/hr/salaries.xlsx', Type: 'xlsx' },
        ],
        Contexts: [],
      },
    };
    const e = decodeCopilotInteraction(rec, { input: 'api' })!;
    expect(e.entity).toEqual({ kind: 'agent', id: 'copilotstudio.declarative.hragent' });
    expect(e.onBehalfOf).toBe('admin@moderncomms975184.onmicrosoft.com');
    expect(e.tools).toEqual(['BingWebSearch']);
    expect(e.model).toBe('gpt-4o');
    expect(e.resources).toEqual(['https://contoso.sharepoint.com/sites/hr/salaries.xlsx']);
  });

  it('ignores other operations and records without user or time', () => {
    expect(decodeCopilotInteraction({ ...DOC_EXAMPLE, Operation: 'UserLoggedIn' }, { input: 'x' })).toBeUndefined();
    expect(decodeCopilotInteraction({ ...DOC_EXAMPLE, UserId: '' }, { input: 'x' })).toBeUndefined();
    expect(decodeCopilotInteraction({ ...DOC_EXAMPLE, CreationTime: 'yesterday' }, { input: 'x' })).toBeUndefined();
    expect(decodeCopilotInteraction(null, { input: 'x' })).toBeUndefined();
  });
});
