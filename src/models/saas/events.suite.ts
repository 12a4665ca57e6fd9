/**
 * Builders of enriched SaaS events for model tests and the end-to-end scenario, shaped like the
 * real records decoded in test/saas-decode-real.test.ts (UAL operations, Entra sign-in fields).
 * ipContext is set directly, as the enricher would.
 */
import type {
  Event,
  IpContext,
  NetworkClass,
  OrgDirectoryEvent,
  SaasAdminEvent,
  SaasLoginEvent,
  SaasMailboxRuleEvent,
  SaasMailEvent,
  UserAgentInfo,
} from '../../events/event.js';

import { ualToEvent } from '../../sources/m365/ual-record.js';
import type { AnyModel } from '../model.js';
import { runModels } from '../testing.js';

/** runModels for typed model files (a Model<P, K> is an AnyModel at run time). */
export function run(models: unknown[], events: readonly Event[], opts: Parameters<typeof runModels>[2] = {}) {
  return runModels(models as AnyModel[], events, opts);
}

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** Monday 2 March 2026, 00:00 UTC. */
export const T0 = Date.UTC(2026, 2, 2);

let line = 0;
function src(input: string) {
  return { input, line: ++line };
}

export function net(
  ip: string,
  country: string,
  asn: number,
  asOrg: string,
  networkClass: NetworkClass = 'isp',
): IpContext {
  return { ip, internal: false, country, asn, asOrg, networkClass };
}

export const UA = {
  edgeWindows: { family: 'Edge', version: '122', os: 'Windows', tool: false } as UserAgentInfo,
  chromeMac: { family: 'Chrome', version: '122', os: 'macOS', tool: false } as UserAgentInfo,
  firefoxLinux: { family: 'Firefox', version: '123', os: 'Linux', tool: false } as UserAgentInfo,
  python: { family: 'python-requests', version: '2.31', tool: true } as UserAgentInfo,
};

export interface LoginOpts {
  success?: boolean;
  failureReason?: string;
  ua?: UserAgentInfo;
  app?: string;
  clientApp?: string;
  lat?: number;
  lon?: number;
}

/** The application (client) id of an app in these events; real records carry a GUID in its place. */
export function appIdOf(app: string): string {
  return `app-${app.toLowerCase().replace(/\W+/g, '-')}`;
}

export function login(user: string, time: number, where: IpContext, o: LoginOpts = {}): SaasLoginEvent {
  const success = o.success ?? true;
  const e: SaasLoginEvent = {
    kind: 'saas.login',
    time,
    source: src('signins.json'),
    entity: { kind: 'user', id: user },
    user,
    ip: where.ip,
    operation: success ? 'UserLoggedIn' : 'UserLoginFailed',
    workload: 'AzureActiveDirectory',
    ipContext: where,
    success,
    app: o.app ?? 'Office 365 Exchange Online',
    appId: appIdOf(o.app ?? 'Office 365 Exchange Online'),
    clientApp: o.clientApp ?? 'Browser',
    ua: o.ua ?? UA.edgeWindows,
    userAgent: `Mozilla/5.0 (${(o.ua ?? UA.edgeWindows).os ?? 'x'}) ${(o.ua ?? UA.edgeWindows).family}`,
  };
  if (where.country !== undefined) e.country = where.country;
  if (!success) {
    e.failureReason = o.failureReason ?? 'InvalidUserNameOrPassword';
    e.errorCode = 50126;
  }
  if (o.lat !== undefined && o.lon !== undefined) {
    e.lat = o.lat;
    e.lon = o.lon;
  }
  return e;
}

const ADMIN_OPERATIONS: Record<SaasAdminEvent['action'], string> = {
  add_service_principal: 'Add service principal.',
  consent: 'Consent to application.',
  app_role_grant: 'Add app role assignment grant to user.',
  delegated_permission_grant: 'Add delegated permission grant.',
  credentials_added: 'Add service principal credentials.',
  add_application: 'Add application.',
  update_application: 'Update application.',
  other: 'Update user.',
};

export function admin(
  user: string,
  time: number,
  action: SaasAdminEvent['action'],
  app: string,
  where?: IpContext,
  permissions?: string[],
): SaasAdminEvent {
  const e: SaasAdminEvent = {
    kind: 'saas.admin',
    time,
    source: src('ual.json'),
    entity: { kind: 'user', id: user },
    user,
    operation: ADMIN_OPERATIONS[action],
    workload: 'AzureActiveDirectory',
    action,
    targetApp: { id: appIdOf(app), name: app },
    result: 'Success',
  };
  if (where) {
    e.ip = where.ip;
    e.ipContext = where;
  }
  if (permissions) e.permissions = permissions;
  return e;
}

/** The UAL records of one consent flow, in the order Entra ID writes them. */
export function consentFlow(
  user: string,
  time: number,
  app: string,
  where: IpContext,
  permissions: string[],
): SaasAdminEvent[] {
  return [
    admin(user, time, 'add_service_principal', app, where),
    admin(user, time + 1000, 'delegated_permission_grant', app, where, permissions),
    admin(user, time + 2000, 'consent', app, where, permissions),
  ];
}

export function rule(
  user: string,
  time: number,
  name: string,
  actions: SaasMailboxRuleEvent['actions'],
  where?: IpContext,
  conditions?: Record<string, string>,
): SaasMailboxRuleEvent {
  const e: SaasMailboxRuleEvent = {
    kind: 'saas.mailbox_rule',
    time,
    source: src('ual.json'),
    entity: { kind: 'user', id: user },
    user,
    operation: 'New-InboxRule',
    workload: 'Exchange',
    ruleName: name,
    actions,
  };
  if (conditions) e.conditions = conditions;
  if (where) {
    e.ip = where.ip;
    e.ipContext = where;
  }
  return e;
}

export function send(
  user: string,
  time: number,
  internal: number,
  external: number,
  where?: IpContext,
  attachments?: string[],
): SaasMailEvent {
  const e: SaasMailEvent = {
    kind: 'saas.mail',
    time,
    source: src('ual.json'),
    entity: { kind: 'user', id: user },
    user,
    operation: 'Send',
    workload: 'Exchange',
    recipientsInternal: internal,
    recipientsExternal: external,
    subject: 'Re: schedule',
  };
  if (attachments) e.attachments = attachments;
  if (where) {
    e.ip = where.ip;
    e.ipContext = where;
  }
  return e;
}

/**
 * A unified audit log Send record in the documented ExchangeItem shape, decoded by the real
 * decoder: like the records Exchange writes, it names no recipients.
 */
export function ualSend(user: string, time: number, where?: IpContext, attachments?: string[]): SaasMailEvent {
  const n = ++line;
  const record = {
    CreationTime: new Date(time).toISOString().slice(0, 19),
    Id: `5f1c0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    Operation: 'Send',
    OrganizationId: 'b2c3d4e5-0000-4000-8000-000000000001',
    RecordType: 2,
    ResultStatus: 'Succeeded',
    UserKey: user,
    UserType: 0,
    Version: 1,
    Workload: 'Exchange',
    ClientIP: where?.ip,
    UserId: user,
    ClientInfoString: 'Client=OWA;Action=ViaProxy',
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    MailboxOwnerUPN: user,
    Item: {
      Id: `RgAAAAD${n}`,
      InternetMessageId: `<msg${n}@contoso.com>`,
      ParentFolder: { Id: 'LgAAAAB', Path: '\\Sent Items' },
      Subject: 'Re: schedule',
      SizeInBytes: 20_480,
      ...(attachments ? { Attachments: attachments.map((a) => `${a} (5321b)`).join('; ') } : {}),
    },
  };
  const e = ualToEvent(record, { input: 'ual.json', line: n });
  if (typeof e === 'string' || e.kind !== 'saas.mail') throw new Error(`Send record not decoded as mail: ${String(e)}`);
  if (where) e.ipContext = where;
  return e;
}

export function accessed(user: string, time: number, items: number, where?: IpContext): SaasMailEvent {
  const e: SaasMailEvent = {
    kind: 'saas.mail',
    time,
    source: src('ual.json'),
    entity: { kind: 'user', id: user },
    user,
    operation: 'MailItemsAccessed',
    workload: 'Exchange',
    itemCount: items,
  };
  if (where) {
    e.ip = where.ip;
    e.ipContext = where;
  }
  return e;
}

export function directory(user: string, department: string, time = T0 - DAY): OrgDirectoryEvent {
  return {
    kind: 'org.directory',
    time,
    source: src('users.json'),
    entity: { kind: 'user', id: user },
    user,
    department,
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so scenarios are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Residential and office networks of a UK organisation (real ISP ASNs). */
export const HOME_ISPS = [
  { asn: 2856, org: 'British Telecommunications PLC', prefix: '81.2' },
  { asn: 5089, org: 'Virgin Media Limited', prefix: '82.13' },
  { asn: 5607, org: 'Sky UK Limited', prefix: '90.21' },
  { asn: 13285, org: 'TalkTalk Communications Limited', prefix: '92.24' },
];
/** The organisation's Azure virtual desktops. */
export const OFFICE = net('51.140.10.20', 'GB', 8075, 'Microsoft Corporation', 'hosting');
export const OFFICE_LAN = net('195.99.4.10', 'GB', 2856, 'British Telecommunications PLC');

export interface OrgUser {
  upn: string;
  department: string;
  home: IpContext;
  ua: UserAgentInfo;
  /** External recipients per working day (marketing sends in bulk). */
  externalPerDay: number;
  admin: boolean;
}

/** A few dozen users with homes on UK ISPs, an office, departments; one marketer, two admins. */
export function organisation(count: number, seed = 7): OrgUser[] {
  const rnd = seeded(seed);
  const depts = ['sales', 'finance', 'engineering', 'marketing', 'it'];
  const users: OrgUser[] = [];
  for (let i = 0; i < count; i++) {
    const isp = HOME_ISPS[i % HOME_ISPS.length]!;
    const dept = depts[i % depts.length]!;
    users.push({
      upn: `user${String(i).padStart(2, '0')}@contoso.com`,
      department: dept,
      home: net(`${isp.prefix}.${10 + (i % 200)}.${1 + Math.floor(rnd() * 250)}`, 'GB', isp.asn, isp.org),
      ua: i % 3 === 0 ? UA.chromeMac : UA.edgeWindows,
      externalPerDay: dept === 'marketing' && i < 5 ? 3000 : 3 + Math.floor(rnd() * 6),
      admin: dept === 'it' && i < 10,
    });
  }
  return users;
}

/** Working days of ordinary activity: sign-ins from home or office, mail read and sent. */
export function benignDays(
  users: readonly OrgUser[],
  days: number,
  start = T0,
  seed = 11,
): (SaasLoginEvent | SaasMailEvent | SaasAdminEvent | OrgDirectoryEvent)[] {
  const rnd = seeded(seed);
  const out: (SaasLoginEvent | SaasMailEvent | SaasAdminEvent | OrgDirectoryEvent)[] = [];
  for (const u of users) out.push(directory(u.upn, u.department, start - DAY));
  for (let d = 0; d < days; d++) {
    const dayStart = start + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const u of users) {
      const where = rnd() < 0.5 ? u.home : OFFICE_LAN;
      const t = dayStart + 8 * HOUR + Math.floor(rnd() * 90) * MIN;
      if (rnd() < 0.03) out.push(login(u.upn, t - 2 * MIN, where, { success: false, ua: u.ua }));
      out.push(login(u.upn, t, where, { ua: u.ua }));
      // Engineers reach Teams through the company's Azure virtual desktops: a hosting ASN that is normal here.
      const teamsFrom = u.department === 'engineering' ? OFFICE : where;
      out.push(
        login(u.upn, t + 4 * HOUR, teamsFrom, {
          ua: u.ua,
          app: 'Microsoft Teams',
          clientApp: 'Mobile Apps and Desktop clients',
        }),
      );
      if (d % 5 === 0) out.push(login(u.upn, t + 5 * HOUR, where, { ua: u.ua, app: 'Zoom' }));
      out.push(accessed(u.upn, t + 10 * MIN, 20 + Math.floor(rnd() * 60), where));
      const sends = 3 + Math.floor(rnd() * 5);
      for (let s = 0; s < sends; s++) {
        const ext = s === 0 ? u.externalPerDay : 0;
        out.push(send(u.upn, t + (30 + s * 40) * MIN, 1 + Math.floor(rnd() * 4), ext, where));
      }
      if (u.admin && d % 7 === 3)
        out.push(admin(u.upn, t + 2 * HOUR, 'update_application', 'Contoso HR Portal', where));
      if (u.admin && d % 7 === 4) out.push(admin(u.upn, t + 2 * HOUR, 'app_role_grant', 'Contoso HR Portal', where));
      if (u.admin && d % 9 === 5)
        out.push(admin(u.upn, t + 2 * HOUR, 'add_service_principal', 'Contoso Expenses', where));
    }
  }
  return out.sort((a, b) => a.time - b.time);
}
