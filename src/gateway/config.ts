import { z } from 'zod';
import { secretRef } from '../config/schema.js';
import { PROMPT_FINDING_CATEGORIES, type PromptFindingCategory } from '../enrich/prompt/finding.js';
import { DEFAULT_GATEWAY_POLICY } from './policy.js';

const category = z.enum(PROMPT_FINDING_CATEGORIES as unknown as [PromptFindingCategory, ...PromptFindingCategory[]]);

/**
 * The gateway's configuration, under `ai.gateway` in the telltale config. Secrets (the upstream
 * key, callers' gateway keys) are named by environment variable or file, never written inline.
 */
export const gatewayConfigSchema = z.object({
  enabled: z.boolean().default(false),
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(7879),
  /** OpenAI-compatible base URL including the version, e.g. https://api.openai.com/v1. */
  upstream: z.string().url(),
  upstreamApiKey: secretRef.optional(),
  /** The AI application name recorded on prompt events. */
  app: z.string().default('gateway'),
  policy: z
    .object({
      hold: z.array(category).default([...DEFAULT_GATEWAY_POLICY.hold]),
      redact: z.array(category).default([...DEFAULT_GATEWAY_POLICY.redact]),
      minConfidence: z.number().min(0).max(1).default(DEFAULT_GATEWAY_POLICY.minConfidence),
    })
    .prefault({}),
  /** Callers: each gateway API key and the identity it stands for. */
  keys: z
    .array(
      z.object({
        key: secretRef,
        actor: z.string().min(1),
        actorType: z.enum(['human', 'agent']).default('human'),
        onBehalfOf: z.string().optional(),
      }),
    )
    .default([]),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
