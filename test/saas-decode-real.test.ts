import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Event, EventOfKind } from '../src/events/event.js';
import type { DecoderFactory } from '../src/sources/decoder.js';
import { entraSignInJson, entraSigninLogsJson } from '../src/sources/entra/decoders.js';
import { m365UalCsv, m365UalJson } from '../src/sources/m365/decoders.js';
import type { Json } from '../src/sources/m365/fields.js';
import { microsoftRecordToEvent } from '../src/sources/m365/microsoft-record.js';
import type { Reject } from '../src/store/store.js';
import { sharedData } from './shared-data.js';

const DATA = `${sharedData('m365')}/`;

function decode(factory: DecoderFactory, text: string, input = 'test') {
  const events: Event[] = [];
  const rejects: Reject[] = [];
  const d = factory.open(input, { event: (e) => events.push(e), reject: (r) => rejects.push(r), skip: () => {} });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) d.line(lines[i]!, i + 1);
  d.end();
  return { events, rejects };
}

function one(rec: Json): Event {
  const e = microsoftRecordToEvent(rec, { input: 'test' });
  if (typeof e === 'string') throw new Error(e);
  return e;
}

function lines(path: string): Json[] {
  return readFileSync(DATA + path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Json);
}

const panther = lines('panther-analysis-rule-tests/panther_microsoft_rule_tests.jsonl') as {
  log_type: string;
  test_name: string;
  log: Json;
}[];
const docs = lines('o365-mgmt-api-docs-examples/o365_mgmt_api_doc_examples.jsonl') as { record: Json }[];

/** The kind each Panther log type must decode to (sign-in categories of Azure.Audit checked below). */
function expectedKind(logType: string, log: Json): Event['kind'] {
  if (logType === 'Azure.Audit') {
    return String(log.category).toLowerCase().endsWith('signinlogs') ? 'saas.login' : 'saas.admin';
  }
  if (logType === 'Microsoft365.Audit.Exchange') return 'saas.mailbox_rule';
  if (logType === 'Microsoft365.Audit.AzureActiveDirectory') {
    return /log(ged)?in/i.test(String(log.Operation)) ? 'saas.login' : 'saas.admin';
  }
  return 'saas.other';
}

describe('every real record in shared/data/m365 decodes to the right kind', () => {
  test('Panther rule-test events (UAL lower-cased, Entra diagnostic envelope, Intune, alerts)', () => {
    expect(panther.length).toBe(79);
    for (const p of panther) {
      const e = microsoftRecordToEvent(p.log, { input: p.test_name });
      expect(typeof e === 'string' ? e : e.kind, `${p.log_type} ${p.test_name}`).toBe(expectedKind(p.log_type, p.log));
    }
  });

  test('Management Activity API documentation examples', () => {
    const kinds = docs.map((d) => one(d.record).kind);
    expect(kinds.filter((k) => k === 'saas.login')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'saas.admin')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'saas.other')).toHaveLength(9);
  });

  test('msticpy SigninLogs export through the sniffed decoder', () => {
    const text = readFileSync(DATA + 'msticpy-aad-signinlogs/aad_signinlogs.jsonl', 'utf8');
    expect(entraSigninLogsJson.sniff(text.slice(0, 4096), 'aad_signinlogs.jsonl')).toBeGreaterThan(
      m365UalJson.sniff(text.slice(0, 4096), ''),
    );
    const { events, rejects } = decode(entraSigninLogsJson, text);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(86);
    const logins = events as EventOfKind<'saas.login'>[];
    expect(logins.every((e) => e.kind === 'saas.login' && e.user.endsWith('@seccxp.ninja'))).toBe(true);
    expect(logins.filter((e) => !e.success).map((e) => e.errorCode)).toEqual([90072, 90072]);
    expect(new Set(logins.map((e) => e.country))).toEqual(new Set(['BE', 'US']));
    const first = logins[0]!;
    expect(first).toMatchObject({
      user: 'ctfuser3@seccxp.ninja',
      ip: '24.13.212.221',
      app: 'Azure Portal',
      clientApp: 'Browser',
    });
    expect(first.time).toBe(Date.parse('2020-05-20T18:19:04Z'));
    expect(first.country).toBe('US');
    expect(first.userAgent).toMatch(/Mozilla/);
  });

  test('OTRF Golden SAML: AuditLogs, OfficeActivity and Defender shapes', () => {
    const aad = lines('otrf-goldensaml-simuland/AADAuditEvents.ndjson').map(one) as EventOfKind<'saas.admin'>[];
    expect(aad.map((e) => e.action)).toEqual([
      'credentials_added',
      'credentials_added',
      'update_application',
      'delegated_permission_grant',
    ]);
    expect(aad[0]).toMatchObject({ user: 'pgustavo@simulandlabs.com', targetApp: { name: 'SimuLandApp' } });
    expect(aad[3]!.permissions).toEqual(['User.Read', 'Mail.ReadWrite']);
    // The grant targets the resource API; the client granted Mail.ReadWrite is named by its
    // service principal's object id (ServicePrincipal.ObjectID, also the second target).
    expect(aad[3]!.targetApp).toEqual({ id: '0d2f5969-011b-460d-ac74-3291d227d49f', name: undefined });
    expect(aad[3]!.resourceApp).toEqual({ id: '00000003-0000-0000-c000-000000000000', name: 'Microsoft Graph' });
    const office = one(JSON.parse(readFileSync(DATA + 'otrf-goldensaml-simuland/OfficeActivityEvents.json', 'utf8')));
    expect(office).toMatchObject({
      kind: 'saas.mail',
      operation: 'MailItemsAccessed',
      user: 'pgustavo@simulandlabs.com',
      ip: '1.2.3.4',
      itemCount: 7,
    });
    const defender = lines('otrf-goldensaml-simuland/Microsoft365DefenderEvents.ndjson').map(one);
    expect(defender.map((e) => e.kind)).toEqual([...Array(7).fill('saas.other'), 'saas.mail', 'saas.admin']);
    // The Defender row names only the resource and the scopes: no client to blame, and not Microsoft Graph.
    expect(defender[8]).toMatchObject({
      action: 'delegated_permission_grant',
      permissions: ['User.Read', 'Mail.ReadWrite'],
      resourceApp: { name: 'Microsoft Graph' },
    });
    expect((defender[8] as EventOfKind<'saas.admin'>).targetApp).toBeUndefined();
  });
});

describe('fields of real records, per operation', () => {
  const byOp = (op: string) =>
    panther.filter((p) => (p.log.Operation ?? p.log.operation) === op).map((p) => one(p.log));

  test('UserLoginFailed / UserLoggedIn (UAL)', () => {
    const [failed] = byOp('UserLoginFailed') as EventOfKind<'saas.login'>[];
    expect(failed).toMatchObject({ success: false, failureReason: 'InvalidUserNameOrPassword', ip: '1.2.3.4' });
    expect(failed!.entity).toEqual({ kind: 'user', id: 'sample.user@yourorg.onmicrosoft.com' });
    expect(failed!.userAgent).toMatch(/Chrome\/107/);
    const [ok] = byOp('UserLoggedIn') as EventOfKind<'saas.login'>[];
    expect(ok!.success).toBe(true);
    const docLogins = docs
      .map((d) => one(d.record))
      .filter((e) => e.kind === 'saas.login') as EventOfKind<'saas.login'>[];
    expect(docLogins.map((e) => e.success).sort()).toEqual([false, true]);
    expect(docLogins.find((e) => !e.success)!.failureReason).toBe('PP_E_BAD_PASSWORD');
  });

  test('New-InboxRule and Set-Mailbox forwarding (lower-cased keys)', () => {
    const rules = byOp('New-InboxRule') as EventOfKind<'saas.mailbox_rule'>[];
    const del = rules.find((r) => r.actions.delete)!;
    expect(del).toMatchObject({
      ruleName: 'Delete and Forward Rule',
      actions: { forwardTo: ['external@example.com'], stopProcessing: true },
    });
    expect(rules.some((r) => r.actions.moveToFolder === 'MYFolder')).toBe(true);
    const fwd = byOp('Set-Mailbox') as EventOfKind<'saas.mailbox_rule'>[];
    expect(fwd.map((f) => f.forwardingAddress)).toContain('peter.griffin@familyguy.com');
  });

  test('Entra sign-in risk, location and failure fields (diagnostic envelope)', () => {
    const logins = panther
      .filter((p) => p.log_type === 'Azure.Audit')
      .map((p) => one(p.log))
      .filter((e) => e.kind === 'saas.login') as EventOfKind<'saas.login'>[];
    expect(logins.find((e) => e.riskState === 'confirmedCompromised')).toMatchObject({
      riskLevel: 'high',
      city: 'Beijing',
      riskEventTypes: ['leakedCredentials', 'anomalousToken'],
    });
    expect(logins.find((e) => e.riskState === 'atRisk')!.riskEventTypes).toEqual([
      'unfamiliarFeatures',
      'anonymizedIPAddress',
    ]);
    // Empty lists (riskEventTypes: [], riskEventTypes_v2: []) leave the field out.
    expect(logins.filter((e) => e.riskState === 'none').every((e) => e.riskEventTypes === undefined)).toBe(true);
    expect(logins.find((e) => e.city === 'Moscow')).toMatchObject({ city: 'Moscow', success: true });
    expect(logins.find((e) => e.errorCode === 50126)).toMatchObject({
      success: false,
      failureReason: 'Invalid username or password',
    });
    expect(logins.some((e) => e.entity.kind === 'agent')).toBe(true);
  });

  test('Add service principal (Entra audit envelope)', () => {
    const created = panther.find((p) => p.test_name === 'Create Service Principal')!;
    const e = one(created.log) as EventOfKind<'saas.admin'>;
    expect(e).toMatchObject({
      kind: 'saas.admin',
      action: 'add_service_principal',
      operation: 'Add service principal',
      user: 'cloudadmin@company.com',
      entity: { kind: 'user', id: 'cloudadmin@company.com' },
      ip: '192.0.2.250',
      workload: 'AzureActiveDirectory',
      tenant: 'tenant-ghi',
      result: 'success',
      targetApp: { id: 'sp-new-789', name: 'New Automation Service' },
    });
    expect(e.time).toBe(Date.parse('2025-01-15T15:05:25.678Z'));
    expect(e.permissions).toBeUndefined();
    expect(e.resourceApp).toBeUndefined();
  });

  test('Add service principal credentials (Entra audit envelope)', () => {
    const admins = panther
      .filter((p) => p.log_type === 'Azure.Audit')
      .map((p) => one(p.log)) as EventOfKind<'saas.admin'>[];
    expect(admins.find((e) => e.operation === 'Add service principal credentials')).toMatchObject({
      action: 'credentials_added',
      user: 'frodo@lotr.com',
      ip: '2.2.2.2',
      targetApp: { name: 'Production API Service' },
    });
  });
});

describe('framings', () => {
  test('Purview CSV export with quoted multi-line AuditData', () => {
    const text = readFileSync('test/fixtures/m365/purview-audit-export.csv', 'utf8');
    expect(m365UalCsv.sniff(text.slice(0, 4096), 'x.csv')).toBeGreaterThan(0.9);
    const { events, rejects } = decode(m365UalCsv, text.replace(/\r\n/g, '\n'));
    expect(rejects).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['saas.login', 'saas.login', ...Array(6).fill('saas.mailbox_rule')]);
    expect(events[0]!.source.line).toBe(2);
    expect(events[1]!.source.line).toBeGreaterThan(20);
  });

  test('JSON array, Graph page, pretty-printed and malformed input', () => {
    const recs = panther
      .filter((p) => p.log_type === 'Azure.Audit' && p.log.category === 'SignInLogs')
      .map((p) => p.log.properties as Json);
    // The signIn objects that carry their own createdDateTime, exactly as they are, as a Graph page.
    const signIns = recs.filter((r) => typeof r.createdDateTime === 'string');
    expect(signIns).toHaveLength(10);
    const page = JSON.stringify(
      { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns', value: signIns },
      null,
      2,
    );
    const a = decode(entraSignInJson, page);
    expect(a.rejects).toEqual([]);
    expect(a.events.map((e) => e.kind)).toEqual(Array(10).fill('saas.login'));
    expect(a.events.map((e) => (e as EventOfKind<'saas.login'>).user)).toEqual(
      signIns.map((r) => String(r.userPrincipalName).toLowerCase()),
    );
    // Seven fractional digits and Graph's zone, or a space and nine digits (the legacy-auth rows): milliseconds kept.
    expect(a.events[0]!.time).toBe(Date.parse('2025-01-15T09:35:20.456Z'));
    expect(a.events.find((e) => (e as EventOfKind<'saas.login'>).user === 'eve@lexcorp.com')!.time).toBe(
      Date.parse('2023-07-21T05:03:52.160Z'),
    );
    const arr = JSON.stringify(docs.map((d) => d.record));
    expect(decode(m365UalJson, arr).events).toHaveLength(12);
    const broken = decode(
      m365UalJson,
      `${JSON.stringify(docs[0]!.record)}\n{"CreationTime": \n${JSON.stringify(docs[1]!.record)}\n`,
    );
    expect(broken.events).toHaveLength(2);
    expect(broken.rejects).toHaveLength(1);
    expect(broken.rejects[0]!.line).toBe(2);
  });

  test('unknown operations are kept as saas.other, client IP ports and brackets stripped', () => {
    const base = { CreationTime: '2024-01-01T00:00:00', UserId: 'A@B.com', Workload: 'SharePoint' };
    expect(one({ ...base, Operation: 'FileDownloaded', ClientIP: '1.2.3.4:5678' })).toMatchObject({
      kind: 'saas.other',
      ip: '1.2.3.4',
      user: 'a@b.com',
    });
    expect(one({ ...base, Operation: 'Send', ClientIP: '[2001:db8::1]:443' })).toMatchObject({
      kind: 'saas.mail',
      ip: '2001:db8::1',
    });
  });
});
