import { z } from 'zod';

// Own copies of the small shared shapes (durations, secret references): src/config/schema.ts imports
// this file, so importing from it here would be a cycle evaluated before its constants exist.
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const duration = z.union([z.number().nonnegative(), z.string().regex(/^\d+(ms|s|m|h|d)$/)]).transform((v) => {
  if (typeof v === 'number') return v;
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(v)!;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
});
const secret = z.union([z.object({ env: z.string().min(1) }), z.object({ file: z.string().min(1) })]);

export const actionMode = z.enum(['observe', 'human_confirmation', 'autonomous']);

const ruleSettings = z.object({
  enabled: z.boolean().default(true),
  /** Overrides the rule's own mode (still capped by `maxMode`). */
  mode: actionMode.optional(),
  /** Overrides the rule's base duration of its actions. */
  duration: duration.optional(),
  thresholds: z.record(z.string(), z.number()).default({}),
  /** Entity tags the rule reads (e.g. the "controlled" tag of Controlled and Model Breach). */
  tags: z.array(z.string()).optional(),
  /** Targets this rule never acts on, beyond the global allow-list (same entry forms). */
  allow: z.array(z.string()).default([]),
});

const msgraph = z.object({
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: secret,
  loginUrl: z.string().url().default('https://login.microsoftonline.com'),
  graphUrl: z.string().url().default('https://graph.microsoft.com'),
  scope: z.string().default('https://graph.microsoft.com/.default'),
  maxRetries: z.number().int().min(0).max(10).default(4),
});

const nftables = z.object({
  nft: z.string().default('/usr/sbin/nft'),
  /** Print the rule sets instead of applying them. */
  dryRun: z.boolean().default(false),
  /** Netfilter hooks to filter in: forward on a gateway, output/input on the host itself. */
  hooks: z.array(z.enum(['forward', 'input', 'output'])).default(['forward']),
  tablePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .default('telltale'),
  /** Addresses a quarantined or pattern-of-life device may always reach (DNS, management, EDR). */
  alwaysAllow: z.array(z.string()).default([]),
});

const webhook = z.object({
  url: z.string().url(),
  /** HMAC-SHA256 key for the signature header. */
  secret: secret.optional(),
});

export const responseConfigSchema = z.object({
  /** The highest mode any rule may act in: "observe" makes every action a proposal. */
  maxMode: actionMode.default('human_confirmation'),
  /** Entities never acted on: exact ids, `*.example.com`, CIDR ranges, `tag:name`. */
  allow: z.array(z.string()).default([]),
  escalation: z
    .object({
      /** Each repeat within `memory` multiplies the duration by this. */
      factor: z.number().min(1).default(2),
      maxDuration: duration.prefault('7d'),
      memory: duration.prefault('30d'),
    })
    .prefault({}),
  /** Per response rule name (DESIGN §4). */
  rules: z.record(z.string(), ruleSettings).default({}),
  executors: z
    .object({
      msgraph: msgraph.optional(),
      nftables: nftables.optional(),
      webhook: webhook.optional(),
    })
    .prefault({}),
});

export type ResponseConfig = z.output<typeof responseConfigSchema>;
export type ResponseConfigInput = z.input<typeof responseConfigSchema>;
export type RuleSettings = z.output<typeof ruleSettings>;
export type SecretRef = z.output<typeof secret>;
