import type { IdentityBaseline, SaasSource } from '../../baseline/identity/index.js';
import { IDENTITY_PREVALENCE } from '../../baseline/identity/keys.js';
import type { UserProfile } from '../../baseline/identity/profile.js';
import type { EntityRef, SaasLoginEvent } from '../../events/event.js';
import type { Evidence } from '../breach.js';
import type { ModelContext } from '../model.js';

const DAY = 86_400_000;

/** Network classes where a person does not sit: rented servers, VPN exits, anonymisers. */
export function isRentedNetwork(networkClass: string | undefined): boolean {
  return networkClass === 'hosting' || networkClass === 'vpn' || networkClass === 'anonymiser';
}

/** "21 days of history for this user; learning window 30 days" (every identity breach says it). */
export function learningEvidence(id: IdentityBaseline, user: string, now: number): Evidence {
  const days = id.historyDays(user, now);
  return {
    label: 'Learning period',
    value: `${days.toFixed(1)} days of history for this user`,
    baseline: `learning window ${Math.round(id.learningWindowMs / DAY)} days; ${id.userCount} users profiled`,
  };
}

/** What is new or rare about where an event came from (flags only: evidence is built on a breach). */
export interface SourceNovelty {
  newCountry: boolean;
  newAsn: boolean;
  newRange: boolean;
  /** Other users seen with the country / ASN in the window. */
  countryUsers: number;
  asnUsers: number;
  /** A rented/anonymising network the organisation does not normally use. */
  rentedAndRare: boolean;
  /** When this user first used this ASN (undefined if never). */
  asnFirstSeen?: number;
}

function othersTouching(id: IdentityBaseline, prefix: string, key: string, user: string, now: number): number {
  const r = id.orgPrevalence(prefix, key, now);
  const self = id.prevalence.touchedBy(prefix + key, user, now) ? 1 : 0;
  return r.touchers - self;
}

/** Compare a source with the user's and the organisation's pattern of life. */
export function sourceNovelty(
  id: IdentityBaseline,
  p: UserProfile,
  user: string,
  src: SaasSource,
  now: number,
  rareUsers: number,
): SourceNovelty {
  const win = id.learningWindowMs;
  const out: SourceNovelty = {
    newCountry: false,
    newAsn: false,
    newRange: false,
    countryUsers: 0,
    asnUsers: 0,
    rentedAndRare: false,
  };
  if (src.country !== undefined) {
    const s = p.countries.get(src.country);
    out.newCountry = s === undefined || now - s.last > win;
    out.countryUsers = othersTouching(id, IDENTITY_PREVALENCE.country, src.country, user, now);
  }
  if (src.asn !== undefined) {
    const k = String(src.asn);
    const seen = p.asns.get(k);
    out.newAsn = seen === undefined || now - seen.last > win;
    if (seen !== undefined) out.asnFirstSeen = seen.first;
    out.asnUsers = othersTouching(id, IDENTITY_PREVALENCE.asn, k, user, now);
    out.rentedAndRare = isRentedNetwork(src.networkClass) && out.asnUsers <= rareUsers;
  }
  if (src.range !== undefined) {
    const r = p.ranges.get(src.range);
    out.newRange = r === undefined || now - r.last > win;
  }
  return out;
}

/** The numbers behind a SourceNovelty, for a breach's evidence. */
export function noveltyEvidence(id: IdentityBaseline, p: UserProfile, src: SaasSource, n: SourceNovelty): Evidence[] {
  const users = id.userCount;
  const out: Evidence[] = [];
  if (src.ip !== undefined) out.push({ label: 'Source IP', value: src.ip });
  if (src.country !== undefined) {
    out.push({
      label: 'Country',
      value: src.country,
      baseline: `${n.newCountry ? 'never used by this user' : 'used before by this user'} (usual: ${[...p.countries.keys()].join(', ') || 'none'}); ${n.countryUsers} of ${users} other users in the window`,
    });
  }
  if (src.asn !== undefined) {
    out.push({
      label: 'Network (ASN)',
      value: `AS${src.asn}${src.asOrg ? ` ${src.asOrg}` : ''}${src.networkClass ? ` [${src.networkClass}]` : ''}`,
      baseline: `${n.newAsn ? 'new for this user' : 'used before by this user'} (${p.asns.size} networks seen); ${n.asnUsers} of ${users} other users in the window`,
    });
  }
  if (src.range !== undefined) {
    out.push({
      label: 'Address range',
      value: src.range,
      baseline: n.newRange ? 'new for this user' : 'used before by this user',
    });
  }
  return out;
}

/** The user's department peers and usual hours, as evidence (peer groups come from directory events). */
export function contextEvidence(
  id: IdentityBaseline,
  p: UserProfile,
  user: string,
  country: string | undefined,
  time: number,
): Evidence[] {
  const out: Evidence[] = [];
  const peers = id.peers(user);
  if (peers.length > 0 && country !== undefined) {
    out.push({
      label: 'Department peers',
      value: `${id.peersWithCountry(user, country, time)} of ${peers.length} peers in ${p.department} used ${country}`,
      baseline: `within the ${Math.round(id.learningWindowMs / DAY)}-day window`,
    });
  }
  if (p.logins > 0) {
    const h = new Date(time).getUTCHours();
    out.push({
      label: 'Hour of day (UTC)',
      value: `${String(h).padStart(2, '0')}:00`,
      baseline: `${p.hours[h]} of ${p.logins} earlier sign-ins at this hour`,
    });
  }
  return out;
}

/** A breach of `model` for `entity` at or after `since` (to raise one breach per episode, not per record). */
export function recentlyBreached(ctx: ModelContext, entity: EntityRef, model: string, since: number): boolean {
  for (const b of ctx.recentBreaches(entity, since)) if (b.model === model) return true;
  return false;
}

/** The latest breach of any of `models` for `entity` at or after `since`. */
export function latestBreachOf(ctx: ModelContext, entity: EntityRef, models: readonly string[], since: number) {
  const list = ctx.recentBreaches(entity, since);
  for (let i = list.length - 1; i >= 0; i--) if (models.includes(list[i]!.model)) return list[i];
  return undefined;
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/** What Entra ID Protection said about a sign-in it rated risky, unless someone has since cleared it. */
export interface EntraRisk {
  level: string;
  state: string;
  types: readonly string[];
  /** High risk, or confirmed compromised: strong enough to raise on its own. */
  strong: boolean;
}

/** Risk states an administrator or remediation has cleared: the rating no longer accuses anyone. */
const CLEARED_RISK = new Set(['dismissed', 'remediated', 'confirmedsafe']);

/** The sign-in's own risk rating when medium or high (or confirmed compromised) and not cleared. */
export function entraRisk(e: SaasLoginEvent): EntraRisk | undefined {
  const level = (e.riskLevel ?? 'none').toLowerCase();
  const state = (e.riskState ?? 'none').toLowerCase();
  if (CLEARED_RISK.has(state)) return undefined;
  const confirmed = state === 'confirmedcompromised';
  if (!confirmed && level !== 'high' && level !== 'medium') return undefined;
  return { level, state, types: e.riskEventTypes ?? [], strong: confirmed || level === 'high' };
}

/** Score added by Entra's own rating: its detections see what ours cannot (leaked credentials, token replay). */
export function riskScore(r: EntraRisk | undefined): number {
  if (r === undefined) return 0;
  return r.state === 'confirmedcompromised' ? 20 : r.strong ? 15 : 5;
}

export function riskEvidence(r: EntraRisk): Evidence {
  return {
    label: 'Entra ID sign-in risk',
    value: `${r.level} (${r.state})${r.types.length > 0 ? `: ${r.types.join(', ')}` : ''}`,
    baseline: 'rated by Entra ID Protection at sign-in; cleared ratings (dismissed, remediated, safe) are not counted',
  };
}
