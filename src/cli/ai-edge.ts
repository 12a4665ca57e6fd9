import type { FastifyInstance } from 'fastify';
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { promptDetectorSettings } from '../enrich/prompt/index.js';
import type { AiPromptEvent, Event } from '../events/event.js';
import { gatewayConfigSchema } from '../gateway/config.js';
import { gatewayFromConfig } from '../gateway/from-config.js';
import type { IdentityHolds } from '../gateway/holds.js';
import { readSecret } from '../response/executors/secret.js';
import { prepareForStore } from '../sources/prompts/privacy.js';

export type DetectorSettings = ReturnType<typeof promptDetectorSettings>;

/** The `ai.detectors` section, validated here because the prompt layer owns its schema. */
export function detectorSettings(config: Config): DetectorSettings {
  try {
    return promptDetectorSettings(config.ai.detectors);
  } catch (err) {
    throw new ConfigError(`invalid config ai.detectors: ${(err as Error).message}`);
  }
}

/**
 * Events as they may be written to the store: prompts with personal data and secrets masked
 * (unless `ai.detectors.mask.enabled` is false). Detection has already seen the original text.
 */
export function storable(events: readonly Event[], settings: DetectorSettings): Event[] {
  const mask = settings.mask;
  let out: Event[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind !== 'ai.prompt') continue;
    out ??= events.slice();
    out[i] = prepareForStore(e, mask ? { mask: true, options: mask } : { mask: false });
  }
  return out ?? (events as Event[]);
}

/** Start the OpenAI-compatible prompt gateway when `ai.gateway.enabled`; its prompts join the pipeline. */
export async function startGateway(
  config: Config,
  settings: DetectorSettings,
  holds: IdentityHolds,
  onPrompt: (e: AiPromptEvent) => void,
): Promise<{ app: FastifyInstance; url: string } | undefined> {
  if (config.ai.gateway === undefined) return undefined;
  const parsed = gatewayConfigSchema.safeParse(config.ai.gateway);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ai.gateway.${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid config ai.gateway:\n${lines.join('\n')}`);
  }
  if (!parsed.data.enabled) return undefined;
  const app = gatewayFromConfig(parsed.data, {
    holds,
    readSecret: (ref) => readSecret(ref),
    scan: settings.scan,
    ...(settings.mask ? { mask: settings.mask } : {}),
    onPrompt,
  });
  const url = await app.listen({ host: parsed.data.host, port: parsed.data.port });
  return { app, url };
}
