import { type SaasSource, saasSource } from '../../baseline/identity/index.js';
import type { UserProfile } from '../../baseline/identity/profile.js';
import { defineModel, NO_BREACH } from '../model.js';
import { COUNTRY_CENTROIDS, distanceKm } from './country-centroids.js';
import { SAAS } from './names.js';
import { isRentedNetwork, learningEvidence, recentlyBreached } from './signals.js';

const DAY = 86_400_000;

interface Place {
  lat: number;
  lon: number;
  /** How far the person may really be from this point: geo-IP is a guess, a country centre more so. */
  radiusKm: number;
  how: string;
}

function place(
  lat: number | undefined,
  lon: number | undefined,
  country: string | undefined,
  params: { uncertaintyKm: number; countryUncertaintyKm: number },
): Place | undefined {
  if (lat !== undefined && lon !== undefined)
    return { lat, lon, radiusKm: params.uncertaintyKm, how: 'sign-in coordinates' };
  const c = country !== undefined ? COUNTRY_CENTROIDS[country] : undefined;
  return c ? { lat: c[0], lon: c[1], radiusKm: params.countryUncertaintyKm, how: `centre of ${country}` } : undefined;
}

/**
 * A network the user already signs in from on other days: their phone's carrier, whose exit may be
 * in another city or country, or a corporate proxy. Moving between two such places is not travel.
 */
function habitual(p: UserProfile, src: SaasSource, now: number, windowMs: number): boolean {
  const fresh = (s: { first: number; last: number } | undefined) =>
    s !== undefined && now - s.last <= windowMs && now - s.first >= DAY;
  if (src.range !== undefined && fresh(p.ranges.get(src.range))) return true;
  return (
    src.asn !== undefined &&
    src.country !== undefined &&
    fresh(p.asns.get(String(src.asn))) &&
    fresh(p.countries.get(src.country))
  );
}

/**
 * Two successful sign-ins too far apart for the time between them: the credential or session is
 * in two places. Geo-IP is only roughly right, so each place counts with an uncertainty radius
 * and the distance that remains must still be long and fast. VPN, hosting and anonymiser exits
 * are left out (their location is not the person's; other models judge them), and so are networks
 * the user habitually signs in from. Only users with enough history are judged, once per episode.
 */
export default defineModel({
  meta: {
    name: SAAS.impossibleTravel,
    description:
      'Consecutive successful sign-ins whose distance, less the geo-IP uncertainty, over elapsed time exceeds a plausible travel speed.',
    category: 'saas',
    mitre: ['T1078.004'],
    severity: 60,
    reads: ['saas.login'],
    thresholds: {
      maxKmh: 900,
      minKm: 500,
      uncertaintyKm: 100,
      countryUncertaintyKm: 400,
      minHistoryDays: 3,
      minLogins: 5,
      dedupeHours: 12,
    },
    falsePositives: ['Mobile networks that exit in another country', 'Split-tunnel corporate proxies'],
  },
  evaluate(e, ctx) {
    if (!e.success || e.user === '' || e.ipContext?.internal === true) return NO_BREACH;
    const { params } = ctx;
    const id = ctx.baseline.identity;
    const p = id.profile(e.user);
    const last = p?.lastLogin;
    if (p === undefined || last === undefined || last.time >= e.time) return NO_BREACH;
    if (p.logins < params.minLogins || id.historyDays(e.user, e.time) < params.minHistoryDays) return NO_BREACH;
    const src = saasSource(e);
    if (isRentedNetwork(src.networkClass) || isRentedNetwork(last.networkClass)) return NO_BREACH;
    if (src.ip !== undefined && src.ip === last.ip) return NO_BREACH;
    if (src.country === last.country && (e.lat === undefined || last.lat === undefined)) return NO_BREACH;
    const here = place(e.lat, e.lon, src.country, params);
    const there = place(last.lat, last.lon, last.country, params);
    if (here === undefined || there === undefined) return NO_BREACH;
    const km = distanceKm(there.lat, there.lon, here.lat, here.lon);
    const leastKm = km - here.radiusKm - there.radiusKm;
    if (leastKm < params.minKm) return NO_BREACH;
    const hours = (e.time - last.time) / 3_600_000;
    const kmh = leastKm / Math.max(hours, 1 / 60);
    if (kmh <= params.maxKmh) return NO_BREACH;
    if (habitual(p, src, e.time, id.learningWindowMs)) return NO_BREACH;
    if (recentlyBreached(ctx, e.entity, SAAS.impossibleTravel, e.time - params.dedupeHours * 3_600_000))
      return NO_BREACH;
    return [
      {
        score: 55 + Math.min(30, Math.round(kmh / params.maxKmh) * 5),
        entity: e.entity,
        related: [
          ...(last.ip ? [{ kind: 'endpoint' as const, id: last.ip }] : []),
          ...(src.ip ? [{ kind: 'endpoint' as const, id: src.ip }] : []),
        ],
        summary: `${e.user} signed in from ${src.country ?? '?'} ${Math.round(hours * 60)} minutes after signing in from ${last.country ?? '?'} (at least ${Math.round(leastKm)} km, ${Math.round(kmh)} km/h)`,
        evidence: [
          {
            label: 'Previous sign-in',
            value: `${last.country ?? '?'} ${last.ip ?? ''} at ${new Date(last.time).toISOString()}`.trim(),
          },
          { label: 'This sign-in', value: `${src.country ?? '?'} ${src.ip ?? ''}`.trim() },
          {
            label: 'Distance',
            value: `${Math.round(km)} km`,
            baseline: `from ${there.how} to ${here.how}; at least ${Math.round(leastKm)} km allowing ${there.radiusKm} + ${here.radiusKm} km of geo-IP uncertainty`,
          },
          {
            label: 'Implied speed',
            value: `${Math.round(kmh)} km/h`,
            baseline: `plausible up to ${params.maxKmh} km/h`,
          },
          {
            label: 'This network',
            value: src.asn !== undefined ? `AS${src.asn}${src.asOrg ? ` ${src.asOrg}` : ''}` : 'unknown',
            baseline: `not one the user signs in from habitually (${p.asns.size} networks, ${p.logins} sign-ins seen)`,
          },
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
