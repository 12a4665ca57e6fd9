/** Prefixes of identity things in the shared Prevalence; the toucher is always the user. */
export const IDENTITY_PREVALENCE = {
  country: 'id-country:',
  asn: 'id-asn:',
  range: 'id-range:',
  userAgent: 'id-ua:',
  clientApp: 'id-clientapp:',
  /** Applications: signed in to, consented to, or administered. */
  app: 'id-app:',
  ruleFolder: 'id-rulefolder:',
} as const;

/**
 * The network range an address belongs to, as a person's "usual place": the /24 of an IPv4
 * address, the /48 of an IPv6 one (a home or office prefix survives address churn within it).
 */
export function ipRange(ip: string): string {
  if (ip.includes(':')) {
    const parts = ip.split(':');
    return `${parts.slice(0, 3).join(':')}::/48`;
  }
  const last = ip.lastIndexOf('.');
  return last < 0 ? ip : `${ip.slice(0, last)}.0/24`;
}

/**
 * The key an application is counted by, the same from sign-ins and admin records: its
 * application (client) id when known (display names differ between records, and are not unique),
 * else its name.
 */
export function appKey(app: { id?: string | undefined; name?: string | undefined }): string | undefined {
  const k = app.id || app.name;
  return k ? k.toLowerCase() : undefined;
}

/** Day number (UTC) of an event time, for daily volumes. */
export function dayOf(time: number): number {
  return Math.floor(time / 86_400_000);
}
