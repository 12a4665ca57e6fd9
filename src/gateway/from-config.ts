import type { FastifyInstance } from 'fastify';
import type { MaskOptions, ScanOptions } from '../enrich/prompt/index.js';
import { maskPrompt, PROMPT_FINDING_CATEGORIES, scanPrompt } from '../enrich/prompt/index.js';
import type { AiPromptEvent } from '../events/event.js';
import type { GatewayConfig } from './config.js';
import type { IdentityHolds } from './holds.js';
import { type GatewayIdentity, identifyByApiKey } from './identity.js';
import type { GatewayDecision } from './policy.js';
import { createGateway } from './server.js';

export interface GatewayDeps {
  holds: IdentityHolds;
  /** Reads a configured secret (environment variable or file). */
  readSecret(ref: { env: string } | { file: string }): string;
  onPrompt?: (event: AiPromptEvent, decision: GatewayDecision) => void;
  /** The detectors' settings (`ai.detectors`), so the gateway finds what the pipeline finds. */
  scan?: ScanOptions;
  mask?: MaskOptions;
}

/** The gateway as `ai.gateway` configures it (not yet listening: call `listen({host, port})`). */
export function gatewayFromConfig(cfg: GatewayConfig, deps: GatewayDeps): FastifyInstance {
  const keys = new Map<string, GatewayIdentity>();
  for (const k of cfg.keys) {
    const id: GatewayIdentity = { actor: k.actor, actorType: k.actorType };
    if (k.onBehalfOf !== undefined) id.onBehalfOf = k.onBehalfOf.toLowerCase();
    keys.set(deps.readSecret(k.key), id);
  }
  const opts: Parameters<typeof createGateway>[0] = {
    upstream: cfg.upstream,
    policy: cfg.policy,
    holds: deps.holds,
    identify: identifyByApiKey(keys),
    scan: (t) => scanPrompt(t, deps.scan),
    // The gateway hands over exactly the findings its decision counted; the storage mask's own
    // categories and confidence floor must not leave any of them unmasked.
    mask: (t, f) =>
      maskPrompt(t, f, { ...labelsOf(deps.mask), categories: PROMPT_FINDING_CATEGORIES, minConfidence: 0 }),
    app: cfg.app,
  };
  if (cfg.upstreamApiKey !== undefined) opts.upstreamApiKey = deps.readSecret(cfg.upstreamApiKey);
  if (deps.onPrompt !== undefined) opts.onPrompt = deps.onPrompt;
  return createGateway(opts);
}

function labelsOf(mask: MaskOptions | undefined): MaskOptions {
  return mask?.labels === undefined ? {} : { labels: mask.labels };
}
