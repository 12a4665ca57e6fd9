import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Incident } from '../src/analyst/incident.js';
import { buildPipeline } from '../src/cli/build-pipeline.js';
import { configSchema } from '../src/config/schema.js';
import type { Event } from '../src/events/event.js';
import type { Breach } from '../src/models/breach.js';
import { DAY, HOUR, MIN, seeded, T0 } from '../src/models/saas/events.suite.js';
import { SAAS } from '../src/models/saas/names.js';
import type { Action } from '../src/response/action.js';
import { openFileSource } from '../src/sources/files/index.js';
import type { Reject } from '../src/store/store.js';

/**
 * The Microsoft 365 account takeover end to end from raw records: a Graph users export, Entra ID
 * sign-ins as the Log Analytics SigninLogs table exports them (the shape of the msticpy records),
 * and unified audit log records as the Management Activity API serves them (Send records carry no
 * recipients, as Exchange writes them). Files are written, read back through the file source with
 * format sniffing, enriched with the shipped ASN and country databases, and run through the whole
 * pipeline. Nothing is enriched by hand: every network class and country below is what the shipped
 * data says about the address.
 */

const TENANT = 'b2c3d4e5-0000-4000-8000-000000000001';
const LEARN_UNTIL = T0 + 21 * DAY;
const ATTACK = T0 + 30 * DAY + 9 * HOUR; // Wednesday 1 April 2026
const rnd = seeded(29);

/** Application (client) ids as Entra ID names them. */
const APPS = {
  exchange: { id: '00000002-0000-0ff1-ce00-000000000000', name: 'Office 365 Exchange Online' },
  teams: { id: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', name: 'Microsoft Teams' },
  officeHome: { id: '4765445b-32c6-49b0-83e6-1d93765276ca', name: 'OfficeHome' },
  zoom: { id: '9d0f0b0c-6b6e-4a6b-8d1a-0c7d2f6e5a11', name: 'Zoom' },
  hrPortal: { id: '3c1e6a52-8f0b-4d5e-9a77-51b2f0d9c4e8', name: 'Contoso HR Portal' },
  perfectData: { id: 'ff8d92dc-3d82-41d6-bcbd-b9174d163620', name: 'PerfectData Software' },
  supermailer: { id: '2e8f5c0a-7d41-4b9e-a6c3-0f5d8e1b7a24', name: 'Newsletter Software Supermailer' },
};
const GRAPH = {
  id: '00000003-0000-0000-c000-000000000000',
  name: 'Microsoft Graph',
  object: '401dd906-ea4f-4d41-b762-7e936d222368',
};

const UA = {
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.80',
  chromeMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  teams:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 Teams/24004.1307.2669.7070',
  python: 'python-requests/2.31.0',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0',
};

/** A place a sign-in comes from: the address decides ASN and country; the city is what Entra would add. */
interface Place {
  ip: string;
  country: string;
  city: string;
  lat: number;
  lon: number;
}

/** UK residential prefixes (BT, Sky, TalkTalk, Virgin Media, per the shipped ASN data). */
const HOME_PREFIXES = ['5.80', '5.64', '78.144', '62.30'];
const CITIES: [string, number, number][] = [
  ['London', 51.51, -0.13],
  ['Manchester', 53.48, -2.24],
  ['Birmingham', 52.48, -1.89],
  ['Leeds', 53.8, -1.55],
];
const OFFICE: Place = { ip: '5.81.200.10', country: 'GB', city: 'London', lat: 51.52, lon: -0.08 };
/** The company's Azure virtual desktops (Microsoft, a hosting ASN that is normal here). */
const AZURE_VDI: Place = { ip: '51.140.10.20', country: 'GB', city: 'London', lat: 51.5, lon: -0.12 };
/** DigitalOcean in Amsterdam (AS14061, hosting). */
const ATTACKER: Place = { ip: '37.139.4.77', country: 'NL', city: 'Amsterdam', lat: 52.37, lon: 4.9 };
/** Mullvad in Stockholm (AS39351, commercial VPN). */
const MULLVAD: Place = { ip: '45.83.220.31', country: 'SE', city: 'Stockholm', lat: 59.33, lon: 18.06 };
/** MEO, a Portuguese residential ISP (AS3243). */
const LISBON: Place = { ip: '85.240.7.19', country: 'PT', city: 'Lisbon', lat: 38.72, lon: -9.14 };

interface Person {
  upn: string;
  name: string;
  department: string;
  home: Place;
  ua: string;
  /** Messages sent on a working day. */
  sends: [number, number];
  admin: boolean;
}

const DEPARTMENTS = ['Sales', 'Finance', 'Engineering', 'Marketing', 'IT'];

function people(count: number): Person[] {
  const out: Person[] = [];
  for (let i = 0; i < count; i++) {
    const [city, lat, lon] = CITIES[i % CITIES.length]!;
    const department = DEPARTMENTS[i % DEPARTMENTS.length]!;
    const prefix = HOME_PREFIXES[i % HOME_PREFIXES.length]!;
    out.push({
      upn: `user${String(i).padStart(2, '0')}@contoso.com`,
      name: `User ${i}`,
      department,
      home: { ip: `${prefix}.${10 + i}.${1 + Math.floor(rnd() * 250)}`, country: 'GB', city, lat, lon },
      ua: i % 3 === 0 ? UA.chromeMac : UA.edge,
      // The marketer mails customers from her own mailbox every day, in the hundreds.
      sends: department === 'Marketing' && i === 3 ? [180, 260] : [3, 8],
      admin: department === 'IT' && i < 10,
    });
  }
  return out;
}

const staff = people(36);
const victim = staff[1]!; // sales
const second = staff[2]!; // finance
const traveller = staff[10]!;
const itAdmin = staff.find((p) => p.admin)!;
const newsReader = staff[12]!;
const marketer = staff[3]!;

// ---- record writers, in the shapes of the real records under ../shared/data/m365 ----

let seq = 0;
function guid(): string {
  const n = (++seq).toString(16).padStart(12, '0');
  return `7a1c${n.slice(0, 4)}-0000-4000-8000-${n}`;
}

/** The UAL writes times as ISO without a zone (UTC). */
function ualTime(t: number): string {
  return new Date(t).toISOString().slice(0, 19);
}

interface SignInOpts {
  app?: { id: string; name: string };
  ua?: string;
  clientApp?: string;
  /** Entra error code; 0 is success. */
  error?: number;
}

/** A row of the Log Analytics SigninLogs table as the msticpy export has it. */
function signIn(p: Person, t: number, where: Place, o: SignInOpts = {}): Record<string, unknown> {
  const app = o.app ?? APPS.officeHome;
  const error = o.error ?? 0;
  return {
    TenantId: TENANT,
    SourceSystem: 'Azure AD',
    TimeGenerated: new Date(t).toISOString(),
    OperationName: 'Sign-in activity',
    Category: 'SignInLogs',
    ResultType: String(error),
    ResultDescription: error === 0 ? '' : 'Invalid username or password or Invalid on-premise username or password.',
    CorrelationId: guid(),
    Identity: p.name,
    Location: where.country,
    AppDisplayName: app.name,
    AppId: app.id,
    AuthenticationRequirement: 'singleFactorAuthentication',
    ClientAppUsed: o.clientApp ?? 'Browser',
    IPAddress: where.ip,
    IsInteractive: true,
    LocationDetails: {
      city: where.city,
      state: where.city,
      countryOrRegion: where.country,
      geoCoordinates: { latitude: where.lat, longitude: where.lon },
    },
    RiskLevelDuringSignIn: 'none',
    RiskState: 'none',
    Status:
      error === 0
        ? { errorCode: 0 }
        : {
            errorCode: error,
            failureReason: 'Invalid username or password or Invalid on-premise username or password.',
          },
    UserAgent: o.ua ?? p.ua,
    UserDisplayName: p.name,
    UserPrincipalName: p.upn,
    UserType: 'Member',
    Type: 'SigninLogs',
  };
}

function ualCommon(p: Person, t: number, operation: string, workload: string, recordType: number) {
  return {
    CreationTime: ualTime(t),
    Id: guid(),
    Operation: operation,
    OrganizationId: TENANT,
    RecordType: recordType,
    ResultStatus: 'Succeeded',
    UserKey: `1003200${String(staff.indexOf(p)).padStart(2, '0')}A1B2C3D4`,
    UserType: 0,
    Version: 1,
    Workload: workload,
    UserId: p.upn,
  };
}

function ualSend(p: Person, t: number, where: Place, attachments?: string[]) {
  return {
    ...ualCommon(p, t, 'Send', 'Exchange', 2),
    ClientIP: `${where.ip}:${40000 + (seq % 20000)}`,
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    MailboxOwnerUPN: p.upn,
    Item: {
      Id: `RgAAAAD${seq}`,
      InternetMessageId: `<msg${seq}@contoso.com>`,
      ParentFolder: { Id: 'LgAAAAB', Path: '\\Sent Items' },
      Subject: attachments ? 'Remittance advice' : 'Re: schedule',
      SizeInBytes: 20_480,
      ...(attachments ? { Attachments: attachments.map((a) => `${a} (5321b)`).join('; ') } : {}),
    },
  };
}

function ualMailAccess(p: Person, t: number, where: Place, count: number) {
  return {
    ...ualCommon(p, t, 'MailItemsAccessed', 'Exchange', 50),
    ClientIP: where.ip,
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    ExternalAccess: false,
    LogonType: 0,
    MailboxOwnerUPN: p.upn,
    OperationCount: count,
    OperationProperties: [{ Name: 'MailAccessType', Value: 'Bind' }],
  };
}

function ualInboxRule(p: Person, t: number, where: Place, params: Record<string, string>) {
  return {
    ...ualCommon(p, t, 'New-InboxRule', 'Exchange', 1),
    ClientIP: `${where.ip}:${50000 + (seq % 10000)}`,
    ObjectId: `EURPR01A001.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/contoso.onmicrosoft.com/${p.name}\\${params.Name}`,
    ExternalAccess: false,
    OrganizationName: 'contoso.onmicrosoft.com',
    OriginatingServer: 'AM0PR01MB0001 (15.20.7409.000)',
    Parameters: [
      { Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' },
      { Name: 'Force', Value: 'False' },
      ...Object.entries(params).map(([Name, Value]) => ({ Name, Value })),
    ],
  };
}

/** An Entra ID directory operation as the unified audit log carries it (RecordType 8). */
function ualDirectory(
  p: Person,
  t: number,
  where: Place,
  operation: string,
  target: { id: string; name: string; object: string },
  modified: { Name: string; NewValue: string }[],
) {
  return {
    ...ualCommon(p, t, operation, 'AzureActiveDirectory', 8),
    ResultStatus: 'Success',
    ObjectId: `ServicePrincipal_${target.object}`,
    AzureActiveDirectoryEventType: 1,
    ActorIpAddress: where.ip,
    ExtendedProperties: [
      { Name: 'additionalDetails', Value: '{}' },
      { Name: 'extendedAuditEventCategory', Value: 'ServicePrincipal' },
    ],
    ModifiedProperties: modified.map((m) => ({ ...m, OldValue: '[]' })),
    Actor: [
      { ID: p.upn, Type: 5 },
      { ID: `User_${guid()}`, Type: 2 },
    ],
    Target: [
      { ID: `ServicePrincipal_${target.object}`, Type: 2 },
      { ID: target.object, Type: 2 },
      { ID: 'ServicePrincipal', Type: 2 },
      { ID: target.name, Type: 1 },
      { ID: target.id, Type: 2 },
      { ID: target.id, Type: 4 },
    ],
  };
}

function app(a: { id: string; name: string }) {
  return { ...a, object: guid() };
}

function addServicePrincipal(p: Person, t: number, where: Place, a: { id: string; name: string; object: string }) {
  return ualDirectory(p, t, where, 'Add service principal.', a, [
    { Name: 'AccountEnabled', NewValue: '[true]' },
    { Name: 'AppPrincipalId', NewValue: `["${a.id}"]` },
    { Name: 'DisplayName', NewValue: `["${a.name}"]` },
    { Name: 'ServicePrincipalName', NewValue: `["${a.id}"]` },
    {
      Name: 'Included Updated Properties',
      NewValue: 'AccountEnabled, AppPrincipalId, DisplayName, ServicePrincipalName',
    },
  ]);
}

/** Consent as Entra ID writes it: the service principal, the delegated grant on Microsoft Graph, the consent. */
function consent(
  p: Person,
  t: number,
  where: Place,
  a: { id: string; name: string; object: string },
  scope: string,
  admin: boolean,
) {
  const grant = ualDirectory(p, t + 1000, where, 'Add delegated permission grant.', GRAPH, [
    { Name: 'DelegatedPermissionGrant.Scope', NewValue: scope },
    { Name: 'DelegatedPermissionGrant.ConsentType', NewValue: admin ? 'AllPrincipals' : 'Principal' },
    { Name: 'ServicePrincipal.ObjectID', NewValue: a.object },
    { Name: 'ServicePrincipal.DisplayName', NewValue: a.name },
    { Name: 'ServicePrincipal.AppId', NewValue: a.id },
    { Name: 'ServicePrincipal.Name', NewValue: a.id },
    {
      Name: 'TargetId.ServicePrincipalNames',
      NewValue: `${GRAPH.id}/ags.windows.net;${GRAPH.id};https://graph.microsoft.com`,
    },
  ]);
  const consented = ualDirectory(p, t + 2000, where, 'Consent to application.', a, [
    { Name: 'ConsentContext.IsAdminConsent', NewValue: admin ? 'True' : 'False' },
    { Name: 'ConsentContext.IsAppOnly', NewValue: 'False' },
    { Name: 'ConsentContext.OnBehalfOfAll', NewValue: admin ? 'True' : 'False' },
    { Name: 'ConsentContext.Tags', NewValue: 'WindowsAzureActiveDirectoryIntegratedApp' },
    {
      Name: 'ConsentAction.Permissions',
      NewValue: `[] => [[Id: ${guid()}, ClientId: ${a.object}, PrincipalId: , ResourceId: ${GRAPH.object}, ConsentType: ${admin ? 'AllPrincipals' : 'Principal'}, Scope: ${scope}, CreatedDateTime: , LastModifiedDateTime ]]; `,
    },
    { Name: 'TargetId.ServicePrincipalNames', NewValue: a.id },
  ]);
  return [grant, consented];
}

// ---- the organisation's month ----

interface Tenant {
  signIns: Record<string, unknown>[];
  audit: Record<string, unknown>[];
}

function ordinaryMonth(): Tenant {
  const signIns: Record<string, unknown>[] = [];
  const audit: Record<string, unknown>[] = [];
  const hr = app(APPS.hrPortal);
  for (let d = 0; d <= 30; d++) {
    const dayStart = T0 + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const p of staff) {
      const where = rnd() < 0.5 ? p.home : OFFICE;
      const t = dayStart + 8 * HOUR + Math.floor(rnd() * 90) * MIN;
      if (rnd() < 0.03) signIns.push(signIn(p, t - 2 * MIN, where, { error: 50126 }));
      signIns.push(signIn(p, t, where));
      // Engineers reach Teams through the company's Azure virtual desktops.
      const teamsFrom = p.department === 'Engineering' ? AZURE_VDI : where;
      signIns.push(
        signIn(p, t + 4 * HOUR, teamsFrom, {
          app: APPS.teams,
          ua: UA.teams,
          clientApp: 'Mobile Apps and Desktop clients',
        }),
      );
      if (d % 5 === 0 || p === itAdmin) signIns.push(signIn(p, t + 5 * HOUR, where, { app: APPS.zoom }));
      audit.push(ualMailAccess(p, t + 10 * MIN, where, 20 + Math.floor(rnd() * 60)));
      const [lo, hi] = p.sends;
      const sends = lo + Math.floor(rnd() * (hi - lo + 1));
      const spacing = Math.floor((7 * HOUR) / sends);
      for (let s = 0; s < sends; s++) audit.push(ualSend(p, t + 30 * MIN + s * spacing, where));
      if (p.admin && d % 7 === 3) {
        audit.push(
          ualDirectory(p, t + 2 * HOUR, where, 'Update application.', hr, [
            { Name: 'AppAddress', NewValue: '[{"AddressType":0,"Address":"https://hr.contoso.com/signin-oidc"}]' },
            { Name: 'Included Updated Properties', NewValue: 'AppAddress' },
          ]),
        );
      }
      if (p.admin && d % 9 === 5)
        audit.push(addServicePrincipal(p, t + 2 * HOUR, where, app({ id: guid(), name: 'Contoso Expenses' })));
    }
  }
  return { signIns, audit };
}

function lookAlikes(t: Tenant): void {
  const saturday = T0 + 26 * DAY + 9 * HOUR;
  // A weekend in Lisbon on a Portuguese home broadband, with the usual laptop.
  t.signIns.push(signIn(traveller, saturday, LISBON));
  t.audit.push(ualMailAccess(traveller, saturday + 10 * MIN, LISBON, 40));
  t.audit.push(ualSend(traveller, saturday + 30 * MIN, LISBON));
  // An administrator consenting for everyone to Zoom, which most colleagues sign in to.
  const zoom = app(APPS.zoom);
  t.audit.push(addServicePrincipal(itAdmin, saturday + 2 * HOUR, itAdmin.home, zoom));
  t.audit.push(
    ...consent(
      itAdmin,
      saturday + 2 * HOUR,
      itAdmin.home,
      zoom,
      'User.Read Calendars.ReadWrite OnlineMeetings.ReadWrite',
      true,
    ),
  );
  // An ordinary rule filing newsletters.
  t.audit.push(
    ualInboxRule(newsReader, saturday + 3 * HOUR, newsReader.home, {
      Name: 'Newsletters',
      From: 'newsletter@vendor.example',
      MoveToFolder: 'Newsletters',
    }),
  );
}

/** Spray, foothold from a rented server abroad, an app consented for mail, a hiding rule, then a spam run. */
function takeover(t: Tenant): void {
  for (let i = 0; i < 8; i++)
    t.signIns.push(signIn(victim, ATTACK + i * MIN, ATTACKER, { error: 50126, ua: UA.python }));
  t.signIns.push(signIn(victim, ATTACK + 10 * MIN, ATTACKER, { ua: UA.firefoxLinux }));
  const perfectData = app(APPS.perfectData);
  t.audit.push(addServicePrincipal(victim, ATTACK + 20 * MIN, ATTACKER, perfectData));
  t.audit.push(
    ...consent(victim, ATTACK + 20 * MIN, ATTACKER, perfectData, 'Mail.ReadWrite Mail.Send offline_access', false),
  );
  t.audit.push(
    ualInboxRule(victim, ATTACK + 30 * MIN, ATTACKER, {
      Name: 'a',
      SubjectContainsWords: 'invoice;payment;remittance',
      MoveToFolder: 'RSS Subscription',
      MarkAsRead: 'True',
      StopProcessingRules: 'True',
    }),
  );
  for (let i = 0; i < 600; i++)
    t.audit.push(ualSend(victim, ATTACK + HOUR + i * 6_000, ATTACKER, ['Remittance_Advice.html']));
}

/** Someone signs in from a commercial VPN as a finance user, and registers an application with a secret. */
function appRegistration(t: Tenant): void {
  const at = ATTACK + 3 * HOUR;
  const supermailer = app(APPS.supermailer);
  t.signIns.push(signIn(second, at, MULLVAD));
  t.audit.push(
    ualDirectory(second, at + 5 * MIN, MULLVAD, 'Add application.', supermailer, [
      { Name: 'AppId', NewValue: `["${supermailer.id}"]` },
      { Name: 'DisplayName', NewValue: `["${supermailer.name}"]` },
      { Name: 'Included Updated Properties', NewValue: 'AppId, DisplayName' },
    ]),
  );
  t.audit.push(addServicePrincipal(second, at + 6 * MIN, MULLVAD, supermailer));
  t.audit.push(
    ualDirectory(second, at + 7 * MIN, MULLVAD, 'Add service principal credentials.', supermailer, [
      {
        Name: 'KeyDescription',
        NewValue: `["[KeyIdentifier=${guid()},KeyType=Password,KeyUsage=Verify,DisplayName=mailer]"]`,
      },
      { Name: 'Included Updated Properties', NewValue: 'KeyDescription' },
    ]),
  );
}

function usersExport(): string {
  return JSON.stringify({
    '@odata.context':
      'https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,displayName,department,jobTitle,createdDateTime)',
    value: staff.map((p) => ({
      id: guid(),
      userPrincipalName: p.upn,
      displayName: p.name,
      department: p.department,
      jobTitle: p.admin ? 'Systems Administrator' : `${p.department} Specialist`,
      createdDateTime: new Date(T0 - 400 * DAY).toISOString(),
    })),
  });
}

async function readAll(path: string): Promise<{ events: Event[]; rejects: Reject[] }> {
  const src = openFileSource(path);
  const events: Event[] = [];
  const rejects: Reject[] = [];
  for (let b = await src.next(); b !== null; b = await src.next()) {
    events.push(...b.events);
    rejects.push(...b.rejects);
  }
  await src.close();
  return { events, rejects };
}

interface Outcome {
  written: { signIns: number; audit: number };
  decoded: Record<string, number>;
  /** Users with events that reached the pipeline on the days of the look-alikes and the attack. */
  handled: Set<string>;
  rejects: Reject[];
  breaches: Breach[];
  incidents: Incident[];
  actions: Action[];
}

async function replay(): Promise<Outcome> {
  const tenant = ordinaryMonth();
  lookAlikes(tenant);
  takeover(tenant);
  appRegistration(tenant);
  const dir = mkdtempSync(join(tmpdir(), 'telltale-saas-raw-'));
  writeFileSync(join(dir, 'users.json'), usersExport());
  writeFileSync(join(dir, 'signins.jsonl'), `${tenant.signIns.map((r) => JSON.stringify(r)).join('\n')}\n`);
  writeFileSync(join(dir, 'ual.jsonl'), `${tenant.audit.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const events: Event[] = [];
  const rejects: Reject[] = [];
  const decoded: Record<string, number> = {};
  for (const f of ['users.json', 'signins.jsonl', 'ual.jsonl']) {
    const r = await readAll(join(dir, f));
    events.push(...r.events);
    rejects.push(...r.rejects);
    decoded[f] = r.events.length;
  }
  events.sort((a, b) => a.time - b.time);
  const handled = new Set<string>();
  for (const e of events) if (e.time >= T0 + 26 * DAY && 'user' in e) handled.add(e.user);
  const breaches: Breach[] = [];
  const actions: Action[] = [];
  const p = buildPipeline(
    configSchema.parse({}),
    { breach: (b) => breaches.push(b), action: (a) => actions.push(a) },
    { learnUntil: LEARN_UNTIL, keepEvents: false },
  );
  p.push(events);
  p.flush();
  return {
    written: { signIns: tenant.signIns.length, audit: tenant.audit.length },
    decoded,
    handled,
    rejects,
    breaches,
    actions,
    incidents: p.allIncidents().filter((i) => i.mergedInto === undefined),
  };
}

function byUser(breaches: Breach[]): Map<string, string[]> {
  const m = new Map<string, Set<string>>();
  for (const b of breaches) m.set(b.entity.id, (m.get(b.entity.id) ?? new Set()).add(b.model));
  return new Map([...m].map(([k, v]) => [k, [...v].sort()]));
}

const TAKEOVER = [
  SAAS.suspiciousLoginAttempt,
  SAAS.unusualSource,
  SAAS.rareAfterSuspicious,
  SAAS.oauthGrant,
  SAAS.newServicePrincipal,
  SAAS.loginAfterOauth,
  SAAS.newEmailRule,
  SAAS.hidingRule,
  SAAS.loginAndRule,
  SAAS.unusualLocationEmail,
  SAAS.outboundSpam,
  SAAS.loginAndSpam,
  SAAS.suspiciousLoginAndEmail,
].sort();

describe('Microsoft 365 account takeover from raw UAL and Entra records, through the whole pipeline', async () => {
  const o = await replay();
  const fired = byUser(o.breaches);
  const of = (upn: string, model: string) => o.breaches.find((b) => b.entity.id === upn && b.model === model)!;
  const evidence = (b: Breach, label: string) => b.evidence.find((e) => e.label === label)!;

  test('every record written is decoded, by the sniffed decoders', () => {
    expect(o.rejects).toEqual([]);
    expect(o.decoded).toEqual({ 'users.json': 36, 'signins.jsonl': o.written.signIns, 'ual.jsonl': o.written.audit });
  });

  test('every step of the takeover is seen and tied to the victim', () => {
    expect(fired.get(victim.upn)).toEqual(TAKEOVER);
  });

  test('the VPN sign-in and app registration of the second user', () => {
    expect(fired.get(second.upn)).toEqual([SAAS.azureAppAdmin, SAAS.unusualSource, SAAS.newServicePrincipal].sort());
  });

  test("everyone else stays quiet: a weekend in Lisbon, an admin consenting to Zoom, a Newsletters rule, the marketer's daily bulk send", () => {
    const others = o.breaches.filter((b) => b.entity.id !== victim.upn && b.entity.id !== second.upn);
    expect(others.map((b) => `${b.entity.id} ${b.model}: ${b.summary}`)).toEqual([]);
    for (const p of [traveller, itAdmin, newsReader, marketer]) expect(o.handled.has(p.upn), p.upn).toBe(true);
  });

  test('network classes and countries come from the shipped ASN and country data', () => {
    const foothold = of(victim.upn, SAAS.unusualSource);
    expect(evidence(foothold, 'Network (ASN)').value).toBe('AS14061 DigitalOcean, LLC [hosting]');
    expect(evidence(foothold, 'Country').value).toBe('NL');
    const vpn = of(second.upn, SAAS.unusualSource);
    expect(evidence(vpn, 'Network (ASN)').value).toBe('AS39351 31173 Services AB [vpn]');
    expect(evidence(vpn, 'Country').value).toBe('SE');
  });

  test('the spam run is judged from what Send records carry: messages sent against the user and her peers', () => {
    const spam = of(victim.upn, SAAS.outboundSpam);
    expect(spam.summary).toMatch(
      /has sent \d+ messages today, against at most \d+ .*recipients not in the audit record/,
    );
    expect(Number(evidence(spam, 'Messages sent today').value)).toBeLessThan(600);
    expect(evidence(spam, 'Department peers').baseline).toMatch(/^\d+ peers/);
    expect(of(victim.upn, SAAS.suspiciousLoginAndEmail).summary).toMatch(/Remittance_Advice\.html/);
  });

  test('the consent blames PerfectData Software, the application granted, never Microsoft Graph', () => {
    const grant = of(victim.upn, SAAS.oauthGrant);
    expect(grant.summary).toMatch(
      /Mail\.ReadWrite, Mail\.Send permissions on Microsoft Graph to "PerfectData Software"/,
    );
    expect(grant.related).toContainEqual({ kind: 'app', id: APPS.perfectData.id });
    const disabled = o.actions.filter((a) => a.action === 'disable_service_principal').map((a) => a.target.id);
    expect(disabled.length).toBeGreaterThan(0);
    expect(new Set(disabled)).toEqual(new Set([APPS.perfectData.id]));
  });

  test('one incident per attacked user holding all its breaches, and none for anyone else', () => {
    for (const upn of [victim.upn, second.upn]) {
      const mine = o.incidents.filter((i) => i.entities.some((e) => e.kind === 'user' && e.id === upn));
      expect(mine, upn).toHaveLength(1);
      const own = o.breaches.filter((b) => b.entity.id === upn).map((b) => b.id);
      expect([...mine[0]!.breaches].sort()).toEqual(own.sort());
      expect(mine[0]!.entities.filter((e) => e.kind === 'user')).toEqual([{ kind: 'user', id: upn }]);
    }
    expect(o.incidents).toHaveLength(2);
  });
});
