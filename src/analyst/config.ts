import { z } from 'zod';
import type { AnalystOptions } from './analyst.js';

// Own duration shape: src/config/schema.ts imports this file, so importing from it would be a cycle.
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const duration = z.union([z.number().nonnegative(), z.string().regex(/^\d+(ms|s|m|h|d)$/)]).transform((v) => {
  if (typeof v === 'number') return v;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(v)!;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
});

/** The `analyst` section: correlation windows and limits (defaults in DEFAULT_ANALYST_OPTIONS). */
export const analystConfigSchema = z.object({
  entityWindow: duration.optional(),
  sharedWindow: duration.optional(),
  closeAfter: duration.optional(),
  logonWindow: duration.optional(),
  maxUsersPerDevice: z.number().int().positive().optional(),
  maxDevicesPerUser: z.number().int().positive().optional(),
  maxEntitiesPerSharedLink: z.number().int().positive().optional(),
  maxEntitiesPerIncident: z.number().int().positive().optional(),
  maxBreachesPerIncident: z.number().int().positive().optional(),
  alertRate: z
    .object({
      historyDays: z.number().int().positive().default(14),
      minBreaches: z.number().int().positive().default(8),
      factor: z.number().positive().default(4),
    })
    .optional(),
});

export type AnalystConfig = z.output<typeof analystConfigSchema>;

/** Constructor options for `new Analyst(...)` from the parsed section. */
export function analystOptions(c: AnalystConfig): Partial<AnalystOptions> {
  const o: Partial<AnalystOptions> = {};
  if (c.entityWindow !== undefined) o.entityWindowMs = c.entityWindow;
  if (c.sharedWindow !== undefined) o.sharedWindowMs = c.sharedWindow;
  if (c.closeAfter !== undefined) o.closeAfterMs = c.closeAfter;
  if (c.logonWindow !== undefined) o.logonWindowMs = c.logonWindow;
  if (c.maxUsersPerDevice !== undefined) o.maxUsersPerDevice = c.maxUsersPerDevice;
  if (c.maxDevicesPerUser !== undefined) o.maxDevicesPerUser = c.maxDevicesPerUser;
  if (c.maxEntitiesPerSharedLink !== undefined) o.maxEntitiesPerSharedLink = c.maxEntitiesPerSharedLink;
  if (c.maxEntitiesPerIncident !== undefined) o.maxEntitiesPerIncident = c.maxEntitiesPerIncident;
  if (c.maxBreachesPerIncident !== undefined) o.maxBreachesPerIncident = c.maxBreachesPerIncident;
  if (c.alertRate !== undefined) o.alertRate = c.alertRate;
  return o;
}
