import { saasSource } from '../../baseline/identity/index.js';
import { defineModel, NO_BREACH } from '../model.js';
import { COUNTRY_CENTROIDS, distanceKm } from './country-centroids.js';
import { SAAS } from './names.js';
import { isRentedNetwork, learningEvidence } from './signals.js';

interface Place {
  lat: number;
  lon: number;
  how: string;
}

function place(lat: number | undefined, lon: number | undefined, country: string | undefined): Place | undefined {
  if (lat !== undefined && lon !== undefined) return { lat, lon, how: 'sign-in coordinates' };
  const c = country !== undefined ? COUNTRY_CENTROIDS[country] : undefined;
  return c ? { lat: c[0], lon: c[1], how: `centre of ${country}` } : undefined;
}

/**
 * Two successful sign-ins too far apart for the time between them: the credential or session is
 * in two places. VPN, hosting and anonymiser exits are left out (their location is not the
 * person's); those are other models' business.
 */
export default defineModel({
  meta: {
    name: SAAS.impossibleTravel,
    description: 'Consecutive successful sign-ins whose distance over elapsed time exceeds a plausible travel speed.',
    category: 'saas',
    mitre: ['T1078.004'],
    severity: 60,
    reads: ['saas.login'],
    thresholds: { maxKmh: 900, minKm: 500 },
    falsePositives: ['Mobile networks that exit in another country', 'Split-tunnel corporate proxies'],
  },
  evaluate(e, ctx) {
    if (!e.success || e.user === '' || e.ipContext?.internal === true) return NO_BREACH;
    const id = ctx.baseline.identity;
    const last = id.profile(e.user)?.lastLogin;
    if (last === undefined || last.time >= e.time) return NO_BREACH;
    const src = saasSource(e);
    if (isRentedNetwork(src.networkClass) || isRentedNetwork(last.networkClass)) return NO_BREACH;
    if (src.country === last.country && (e.lat === undefined || last.lat === undefined)) return NO_BREACH;
    const here = place(e.lat, e.lon, src.country);
    const there = place(last.lat, last.lon, last.country);
    if (here === undefined || there === undefined) return NO_BREACH;
    const km = distanceKm(there.lat, there.lon, here.lat, here.lon);
    if (km < ctx.params.minKm) return NO_BREACH;
    const hours = (e.time - last.time) / 3_600_000;
    const kmh = km / Math.max(hours, 1 / 60);
    if (kmh <= ctx.params.maxKmh) return NO_BREACH;
    return [
      {
        score: 55 + Math.min(30, Math.round(kmh / ctx.params.maxKmh) * 5),
        entity: e.entity,
        related: [
          ...(last.ip ? [{ kind: 'endpoint' as const, id: last.ip }] : []),
          ...(src.ip ? [{ kind: 'endpoint' as const, id: src.ip }] : []),
        ],
        summary: `${e.user} signed in from ${src.country ?? '?'} ${Math.round(hours * 60)} minutes after signing in from ${last.country ?? '?'} (${Math.round(km)} km, ${Math.round(kmh)} km/h)`,
        evidence: [
          {
            label: 'Previous sign-in',
            value: `${last.country ?? '?'} ${last.ip ?? ''} at ${new Date(last.time).toISOString()}`.trim(),
          },
          { label: 'This sign-in', value: `${src.country ?? '?'} ${src.ip ?? ''}`.trim() },
          { label: 'Distance', value: `${Math.round(km)} km`, baseline: `from ${there.how} to ${here.how}` },
          {
            label: 'Implied speed',
            value: `${Math.round(kmh)} km/h`,
            baseline: `plausible up to ${ctx.params.maxKmh} km/h`,
          },
          learningEvidence(id, e.user, e.time),
        ],
      },
    ];
  },
});
