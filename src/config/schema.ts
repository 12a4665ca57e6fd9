import { z } from 'zod';
import { analystConfigSchema } from '../analyst/config.js';
import { alertExportConfigSchema } from '../export/config.js';
import { responseConfigSchema } from '../response/config.js';

const duration = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(ms|s|m|h|d)$/)])
  .transform((v) => (typeof v === 'number' ? v : parseDuration(v)));

export function parseDuration(s: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(s);
  if (!m) throw new Error(`bad duration "${s}" (use e.g. 500ms, 60s, 15m, 2h, 30d)`);
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return n * unit;
}

const zeekSource = z.object({
  type: z.literal('zeek'),
  /** A live Zeek log directory (tailed, rotation followed) or files to read once. */
  path: z.string().min(1),
  follow: z.boolean().default(true),
  /** Poll interval for new data when following. */
  pollInterval: duration.prefault('1s'),
});

const fileSource = z.object({
  type: z.literal('files'),
  path: z.string().min(1),
  format: z.string().optional(),
  follow: z.boolean().default(false),
  pollInterval: duration.prefault('1s'),
});

/** Secrets are never written in the config itself: name an environment variable or a file. */
export const secretRef = z.union([z.object({ env: z.string().min(1) }), z.object({ file: z.string().min(1) })]);

const m365Source = z.object({
  type: z.literal('m365-management-api'),
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: secretRef,
  contentTypes: z
    .array(z.enum(['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General', 'DLP.All']))
    .default(['Audit.AzureActiveDirectory', 'Audit.Exchange', 'Audit.SharePoint', 'Audit.General', 'DLP.All']),
  /** Base URLs, overridable for sovereign clouds and tests. */
  loginUrl: z.string().url().default('https://login.microsoftonline.com'),
  apiUrl: z.string().url().default('https://manage.office.com'),
  pollInterval: duration.prefault('5m'),
  /** Each content listing reaches back this far, for content the API lists late (ids de-duplicate). */
  overlap: duration.prefault('15m'),
});

const entraSource = z.object({
  type: z.literal('entra-signins'),
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: secretRef,
  loginUrl: z.string().url().default('https://login.microsoftonline.com'),
  graphUrl: z.string().url().default('https://graph.microsoft.com'),
  pollInterval: duration.prefault('5m'),
  /** Each sign-in query reaches back this far, for sign-ins written late (ids de-duplicate). */
  overlap: duration.prefault('5m'),
});

export const sourceSchema = z.discriminatedUnion('type', [zeekSource, fileSource, m365Source, entraSource]);

const modelSettings = z.object({
  enabled: z.boolean().default(true),
  thresholds: z.record(z.string(), z.number()).default({}),
  /** Exempt entities / endpoints / domains / tags (exact, or `*.example.com`, or CIDR for IPs). */
  allow: z.array(z.string()).default([]),
});

export const configSchema = z.object({
  /** Path of the embedded store file, or ":memory:". */
  store: z
    .object({
      path: z.string().default('telltale.db'),
      /** Embedded store engine; absent means the measured default (src/store/index.ts DEFAULT_STORE_KIND). */
      kind: z.enum(['duckdb', 'sqlite']).optional(),
      /** Keep raw events for search (breaches, incidents and actions are always kept). */
      events: z.boolean().default(true),
    })
    .prefault({}),
  sources: z.array(sourceSchema).default([]),
  engine: z
    .object({
      /** Bounded reorder window that absorbs small disorder between sources. */
      reorderWindow: duration.prefault('60s'),
      /** Breaches before this event time are learned from, not reported (ISO time). */
      learnUntil: z.string().datetime({ offset: true }).optional(),
      /** How often (event time) baselines are snapshotted into the store. */
      snapshotEvery: duration.prefault('1h'),
    })
    .prefault({}),
  enrich: z
    .object({
      /** Extra internal ranges (CIDR) beyond RFC 1918 / RFC 4193 / loopback / link-local. */
      internalRanges: z.array(z.string()).default([]),
      /** Ranges that are never internal even if private (e.g. a guest Wi-Fi). */
      externalRanges: z.array(z.string()).default([]),
    })
    .prefault({}),
  baseline: z
    .object({
      learningWindow: duration.prefault('30d'),
      maxEntities: z.number().int().positive().default(1_000_000),
      maxThings: z.number().int().positive().default(2_000_000),
    })
    .prefault({}),
  /** Entity tags: tag name -> entity ids, `*.domain` suffixes or CIDR ranges. Allow-lists say `tag:<name>`. */
  tags: z.record(z.string(), z.array(z.string())).default({}),
  /** Per model name: enable/disable, thresholds, allow-list. */
  models: z.record(z.string(), modelSettings).default({}),
  /** Per-domain settings owned by their layers (validated there). */
  ai: z.record(z.string(), z.unknown()).default({}),
  /** Incident correlation windows and limits (src/analyst/config.ts). */
  analyst: analystConfigSchema.prefault({}),
  /** Response policy, its rules and executors (src/response/config.ts). */
  response: responseConfigSchema.prefault({}),
  /** Alert export: syslog (RFC 5424 / CEF) and webhook (src/export/config.ts). */
  alerts: alertExportConfigSchema.prefault({}),
  server: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(7878),
      /** Required to bind anywhere but loopback without TLS. */
      allowInsecureBind: z.boolean().default(false),
      tls: z.object({ cert: z.string(), key: z.string() }).optional(),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type ModelSettings = z.output<typeof modelSettings>;
