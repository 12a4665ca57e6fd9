import type { Event, EventKind, IpContext, SaasLoginEvent } from '../../events/event.js';
import type { BaselineComponent, BaselineOptions } from '../component.js';
import type { Prevalence, PrevalenceReading } from '../prevalence.js';
import { appKey, dayOf, IDENTITY_PREVALENCE, ipRange } from './keys.js';
import { type DayVolume, type Failure, newProfile, remember, type Seen, type UserProfile } from './profile.js';

/** Failed logins kept per user and per source IP (enough for bursts and sprays). */
const MAX_FAILURES = 200;
/** Source IPs with recent failures kept for password-spray counting. */
const MAX_FAILING_IPS = 100_000;

interface IpFailure {
  time: number;
  user: string;
}

type SeenEntries = [string, Seen][];

interface ProfileSnapshot
  extends Omit<UserProfile, 'countries' | 'asns' | 'ranges' | 'userAgents' | 'clientApps' | 'apps'> {
  countries: SeenEntries;
  asns: SeenEntries;
  ranges: SeenEntries;
  userAgents: SeenEntries;
  clientApps: SeenEntries;
  apps: SeenEntries;
}

export interface IdentitySnapshot {
  users: [string, ProfileSnapshot][];
  ipFailures: [string, IpFailure[]][];
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/** Recipients inside the sender's own mail domain, and outside it. */
export function recipientSplit(from: string, to: readonly string[]): { internal: number; external: number } {
  const own = domainOf(from);
  let internal = 0;
  for (const r of to) if (domainOf(r) === own) internal++;
  return { internal, external: to.length - internal };
}

/** Where a SaaS event came from, as far as the record and enrichment know. */
export interface SaasSource {
  ip?: string;
  country?: string;
  asn?: number;
  asOrg?: string;
  networkClass?: string;
  range?: string;
}

/** The source of a SaaS event: enrichment first, then what the record itself says. */
export function saasSource(
  e: { ip?: string; ipContext?: IpContext } & Partial<Pick<SaasLoginEvent, 'country' | 'asn'>>,
): SaasSource {
  const ctx = e.ipContext;
  const src: SaasSource = {};
  if (e.ip !== undefined) {
    src.ip = e.ip;
    if (ctx?.internal !== true) src.range = ipRange(e.ip);
  }
  const country = ctx?.country ?? e.country;
  if (country !== undefined) src.country = country;
  const asn = ctx?.asn ?? e.asn;
  if (asn !== undefined) src.asn = asn;
  if (ctx?.asOrg !== undefined) src.asOrg = ctx.asOrg;
  if (ctx?.networkClass !== undefined) src.networkClass = ctx.networkClass;
  return src;
}

/**
 * Pattern of life of every user in Microsoft 365 / Entra ID: where they sign in from (countries,
 * ASNs, /24 or /48 ranges), with what (user agents, client apps, applications), when (hours),
 * their failed logins, admin habits, inbox rules and daily mail volumes, and their department
 * from the directory. Organisation-wide rarity of each thing goes to the shared Prevalence under
 * the `id-*` prefixes, touched by the user. Memory is bounded per user; event time only.
 */
export class IdentityBaseline implements BaselineComponent<IdentitySnapshot> {
  readonly name = 'identity';
  readonly observes: readonly EventKind[] = [
    'saas.login',
    'saas.admin',
    'saas.mailbox_rule',
    'saas.mail',
    'saas.other',
    'org.directory',
    'org.message',
  ];
  private readonly users = new Map<string, UserProfile>();
  private readonly ipFailures = new Map<string, IpFailure[]>();
  private readonly departments = new Map<string, Set<string>>();

  constructor(
    readonly options: BaselineOptions,
    readonly prevalence: Prevalence,
  ) {}

  /** How far back "usual" looks, in ms; stated in every identity breach's evidence. */
  get learningWindowMs(): number {
    return this.options.learningWindowMs;
  }

  observe(event: Event): void {
    switch (event.kind) {
      case 'org.directory': {
        const p = this.profileFor(event.user, event.time);
        if (event.department !== undefined) this.setDepartment(event.user, p, event.department);
        if (event.manager !== undefined) p.manager = event.manager.toLowerCase();
        return;
      }
      case 'saas.login':
        this.observeLogin(event);
        return;
      case 'org.message': {
        // Message trace: the sender's daily volume, recipients split by the sender's own domain.
        if (event.from === '') return;
        const d = this.dayVolume(this.profileFor(event.from, event.time), event.time);
        const { internal, external } = recipientSplit(event.from, event.to);
        d.messages++;
        d.internal += internal;
        d.external += external;
        return;
      }
      case 'saas.admin':
      case 'saas.mailbox_rule':
      case 'saas.mail':
      case 'saas.other': {
        if (event.user === '') return;
        const p = this.profileFor(event.user, event.time);
        this.learnSource(event.user, p, saasSource(event), event.time);
        if (event.kind === 'saas.admin') {
          p.adminActions[event.action] = (p.adminActions[event.action] ?? 0) + 1;
          const app = event.targetApp && appKey(event.targetApp);
          if (app) this.learnApp(event.user, p, app, event.time);
        } else if (event.kind === 'saas.mailbox_rule') {
          p.rulesCreated++;
          const folder = event.actions.moveToFolder;
          if (folder)
            this.prevalence.touch(IDENTITY_PREVALENCE.ruleFolder + folder.toLowerCase(), event.user, event.time);
        } else if (event.kind === 'saas.mail') {
          const d = this.dayVolume(p, event.time);
          const op = event.operation.toLowerCase();
          if (op === 'mailitemsaccessed') d.itemsAccessed += event.itemCount ?? 1;
          else {
            d.messages++;
            d.internal += event.recipientsInternal ?? 0;
            d.external += event.recipientsExternal ?? 0;
          }
        }
        return;
      }
      default:
        return;
    }
  }

  private observeLogin(e: SaasLoginEvent): void {
    if (e.user === '') return;
    const p = this.profileFor(e.user, e.time);
    // An interrupted sign-in is a step towards a success or a failure, which is logged on its own.
    if (e.interrupted === true) return;
    const src = saasSource(e);
    if (!e.success) {
      const f: Failure = { time: e.time };
      if (src.ip !== undefined) f.ip = src.ip;
      if (src.country !== undefined) f.country = src.country;
      if (e.failureReason !== undefined) f.reason = e.failureReason;
      p.failures.push(f);
      if (p.failures.length > MAX_FAILURES) p.failures.shift();
      p.failuresTotal++;
      if (src.ip !== undefined) this.learnIpFailure(src.ip, e.user, e.time);
      return;
    }
    p.logins++;
    p.hours[Math.floor(e.time / 3_600_000) % 24]!++;
    this.learnSource(e.user, p, src, e.time);
    const ua = e.ua !== undefined ? `${e.ua.family}${e.ua.os ? ` on ${e.ua.os}` : ''}` : e.userAgent;
    if (ua) {
      remember(p.userAgents, ua, e.time);
      this.prevalence.touch(IDENTITY_PREVALENCE.userAgent + ua, e.user, e.time);
    }
    const clientApp = e.clientApp;
    if (clientApp) {
      remember(p.clientApps, clientApp, e.time);
      this.prevalence.touch(IDENTITY_PREVALENCE.clientApp + clientApp, e.user, e.time);
    }
    const app = appKey({ id: e.appId, name: e.app });
    if (app) this.learnApp(e.user, p, app, e.time);
    const last: UserProfile['lastLogin'] = { time: e.time };
    if (src.ip !== undefined) last.ip = src.ip;
    if (src.country !== undefined) last.country = src.country;
    if (e.lat !== undefined && e.lon !== undefined) {
      last.lat = e.lat;
      last.lon = e.lon;
    }
    if (src.networkClass !== undefined) last.networkClass = src.networkClass;
    p.lastLogin = last;
  }

  private learnSource(user: string, p: UserProfile, src: SaasSource, time: number): void {
    if (src.country !== undefined) {
      remember(p.countries, src.country, time);
      this.prevalence.touch(IDENTITY_PREVALENCE.country + src.country, user, time);
    }
    if (src.asn !== undefined) {
      const k = String(src.asn);
      remember(p.asns, k, time);
      this.prevalence.touch(IDENTITY_PREVALENCE.asn + k, user, time);
    }
    if (src.range !== undefined) {
      remember(p.ranges, src.range, time);
      this.prevalence.touch(IDENTITY_PREVALENCE.range + src.range, user, time);
    }
  }

  /** `key` from appKey. */
  private learnApp(user: string, p: UserProfile, key: string, time: number): void {
    remember(p.apps, key, time);
    this.prevalence.touch(IDENTITY_PREVALENCE.app + key, user, time);
  }

  private learnIpFailure(ip: string, user: string, time: number): void {
    let list = this.ipFailures.get(ip);
    if (list === undefined) {
      if (this.ipFailures.size >= MAX_FAILING_IPS) this.sweepIpFailures(time);
      list = [];
      this.ipFailures.set(ip, list);
    }
    list.push({ time, user });
    if (list.length > MAX_FAILURES) list.shift();
  }

  private sweepIpFailures(now: number): void {
    const cutoff = now - 86_400_000;
    for (const [ip, list] of this.ipFailures) if ((list.at(-1)?.time ?? 0) < cutoff) this.ipFailures.delete(ip);
    // A spray from more addresses than the cap within a day: the addresses that started failing
    // first (the map keeps insertion order) go, so the cap holds whatever the attacker rents.
    if (this.ipFailures.size < MAX_FAILING_IPS) return;
    let drop = Math.ceil(MAX_FAILING_IPS / 10);
    for (const ip of this.ipFailures.keys()) {
      if (drop-- <= 0) break;
      this.ipFailures.delete(ip);
    }
  }

  /**
   * More people and identities than `maxEntities`: the tenth seen least recently goes, as in the
   * entity registry. Their habits are relearned if they come back; the organisation-wide
   * prevalence they contributed stays in its own bounded sketch.
   */
  private evictProfiles(): void {
    const byLastSeen = [...this.users].sort((a, b) => a[1].lastSeen - b[1].lastSeen);
    const drop = Math.max(1, Math.ceil(this.options.maxEntities / 10));
    for (const [user, p] of byLastSeen.slice(0, drop)) {
      this.users.delete(user);
      if (p.department !== undefined) this.departments.get(p.department)?.delete(user);
    }
  }

  private dayVolume(p: UserProfile, time: number): DayVolume {
    const day = dayOf(time);
    const last = p.days.at(-1);
    if (last !== undefined && last.day === day) return last;
    if (last !== undefined && last.day > day) {
      const found = p.days.find((d) => d.day === day);
      if (found) return found;
    }
    const d: DayVolume = { day, messages: 0, internal: 0, external: 0, itemsAccessed: 0 };
    p.days.push(d);
    const keepDays = Math.ceil(this.options.learningWindowMs / 86_400_000);
    while (p.days.length > 0 && p.days[0]!.day < day - keepDays) p.days.shift();
    return d;
  }

  private profileFor(user: string, time: number): UserProfile {
    let p = this.users.get(user);
    if (p === undefined) {
      if (this.users.size >= this.options.maxEntities) this.evictProfiles();
      p = newProfile(time);
      this.users.set(user, p);
    } else {
      if (time > p.lastSeen) p.lastSeen = time;
      if (time < p.firstSeen) p.firstSeen = time;
    }
    return p;
  }

  private setDepartment(user: string, p: UserProfile, department: string): void {
    const dept = department.toLowerCase();
    if (p.department !== undefined && p.department !== dept) this.departments.get(p.department)?.delete(user);
    p.department = dept;
    let members = this.departments.get(dept);
    if (members === undefined) {
      members = new Set();
      this.departments.set(dept, members);
    }
    members.add(user);
  }

  // ---- reading, for models (the baseline as it was before the current event) ----

  profile(user: string): UserProfile | undefined {
    return this.users.get(user);
  }

  /** Days of history the user has, as of `now`. */
  historyDays(user: string, now: number): number {
    const p = this.users.get(user);
    return p === undefined ? 0 : Math.max(0, (now - p.firstSeen) / 86_400_000);
  }

  /** Org-wide prevalence of an identity thing (`IDENTITY_PREVALENCE` prefix + key). */
  orgPrevalence(prefix: string, key: string, now: number): PrevalenceReading {
    return this.prevalence.read(prefix + key, now);
  }

  /** Users seen by the identity baseline (the denominator of rarity statements). */
  get userCount(): number {
    return this.users.size;
  }

  /** Other members of the user's department, from directory events. */
  peers(user: string): string[] {
    const dept = this.users.get(user)?.department;
    if (dept === undefined) return [];
    const out: string[] = [];
    for (const u of this.departments.get(dept) ?? []) if (u !== user) out.push(u);
    return out;
  }

  /** How many of the user's peers have used `country` within the window. */
  peersWithCountry(user: string, country: string, now: number): number {
    let n = 0;
    for (const peer of this.peers(user)) {
      const s = this.users.get(peer)?.countries.get(country);
      if (s !== undefined && now - s.last <= this.learningWindowMs) n++;
    }
    return n;
  }

  /** The user's failed logins at or after `since`. */
  failuresSince(user: string, since: number): Failure[] {
    const list = this.users.get(user)?.failures;
    if (list === undefined) return [];
    let i = list.length;
    while (i > 0 && list[i - 1]!.time >= since) i--;
    return list.slice(i);
  }

  /** Distinct users that failed to log in from `ip` at or after `since`. */
  usersFailingFromIp(ip: string, since: number): Set<string> {
    const out = new Set<string>();
    const list = this.ipFailures.get(ip);
    if (list === undefined) return out;
    for (let i = list.length - 1; i >= 0 && list[i]!.time >= since; i--) out.add(list[i]!.user);
    return out;
  }

  /** The user's mail volume on the day of `time` so far (before the current event). */
  mailToday(user: string, time: number): DayVolume | undefined {
    const day = dayOf(time);
    return this.users.get(user)?.days.find((d) => d.day === day);
  }

  /** The user's largest daily mail volume before the day of `time`, and over how many days. */
  mailHistory(
    user: string,
    time: number,
  ): { maxExternal: number; maxMessages: number; maxItemsAccessed: number; maxInternal: number; days: number } {
    const day = dayOf(time);
    const out = { maxExternal: 0, maxMessages: 0, maxItemsAccessed: 0, maxInternal: 0, days: 0 };
    for (const d of this.users.get(user)?.days ?? []) {
      if (d.day >= day) continue;
      out.days++;
      if (d.external > out.maxExternal) out.maxExternal = d.external;
      if (d.messages > out.maxMessages) out.maxMessages = d.messages;
      if (d.itemsAccessed > out.maxItemsAccessed) out.maxItemsAccessed = d.itemsAccessed;
      if (d.internal > out.maxInternal) out.maxInternal = d.internal;
    }
    return out;
  }

  /**
   * The typical busiest mail day of the user's department peers before the day of `time`: the
   * median over peers with at least `minDays` days of mail of each one's busiest day (messages sent).
   */
  peersBusiestMessages(user: string, time: number, minDays: number): { peers: number; median: number } {
    const busiest: number[] = [];
    for (const peer of this.peers(user)) {
      const h = this.mailHistory(peer, time);
      if (h.days >= minDays) busiest.push(h.maxMessages);
    }
    if (busiest.length === 0) return { peers: 0, median: 0 };
    busiest.sort((a, b) => a - b);
    return { peers: busiest.length, median: busiest[Math.floor(busiest.length / 2)]! };
  }

  /** Admin operations of `actions` the user has performed. */
  adminCount(user: string, actions: readonly string[]): number {
    const a = this.users.get(user)?.adminActions;
    if (a === undefined) return 0;
    let n = 0;
    for (const k of actions) n += a[k] ?? 0;
    return n;
  }

  snapshot(): IdentitySnapshot {
    const users: IdentitySnapshot['users'] = [];
    for (const [u, p] of this.users) {
      users.push([
        u,
        {
          ...p,
          countries: [...p.countries],
          asns: [...p.asns],
          ranges: [...p.ranges],
          userAgents: [...p.userAgents],
          clientApps: [...p.clientApps],
          apps: [...p.apps],
        },
      ]);
    }
    return { users, ipFailures: [...this.ipFailures] };
  }

  restore(state: IdentitySnapshot): void {
    this.users.clear();
    this.departments.clear();
    this.ipFailures.clear();
    for (const [u, s] of state.users) {
      const p: UserProfile = {
        ...s,
        countries: new Map(s.countries),
        asns: new Map(s.asns),
        ranges: new Map(s.ranges),
        userAgents: new Map(s.userAgents),
        clientApps: new Map(s.clientApps),
        apps: new Map(s.apps),
      };
      this.users.set(u, p);
      if (p.department !== undefined) {
        const dept = p.department;
        p.department = undefined;
        this.setDepartment(u, p, dept);
      }
    }
    for (const [ip, list] of state.ipFailures) this.ipFailures.set(ip, list);
  }
}
