import { z } from 'zod';

const secret = z.union([z.object({ env: z.string().min(1) }), z.object({ file: z.string().min(1) })]);

export const alertExportConfigSchema = z.object({
  /** Which alerts to export. */
  types: z.array(z.enum(['breach', 'incident', 'action'])).default(['breach', 'incident', 'action']),
  /** Breaches and incidents below this score are not exported. */
  minScore: z.number().min(0).max(100).default(0),
  syslog: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(1).max(65535).default(514),
      protocol: z.enum(['udp', 'tcp']).default('udp'),
      /** rfc5424: a message with structured data; cef: the same envelope carrying a CEF line. */
      format: z.enum(['rfc5424', 'cef']).default('rfc5424'),
      facility: z.number().int().min(0).max(23).default(16),
      appName: z.string().default('telltale'),
      sdId: z.string().default('telltale@32473'),
    })
    .optional(),
  webhook: z.object({ url: z.string().url(), secret: secret.optional() }).optional(),
});

export type AlertExportConfigInput = z.input<typeof alertExportConfigSchema>;
export type AlertExportConfigParsed = z.output<typeof alertExportConfigSchema>;
/** The parsed section with the webhook secret read (resolveAlertExport). */
export type AlertExportConfig = Omit<AlertExportConfigParsed, 'webhook'> & {
  webhook?: { url: string; secretValue?: string };
};
