import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type Config, configSchema } from './schema.js';

export class ConfigError extends Error {}

/**
 * Read a configuration file (YAML or JSON) and validate it. Environment variables override a few
 * operational settings: TELLTALE_STORE (store path), TELLTALE_HOST, TELLTALE_PORT.
 */
export function loadConfig(file?: string, env: NodeJS.ProcessEnv = process.env): Config {
  let raw: unknown = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read config ${file}: ${(err as Error).message}`);
    }
    try {
      raw = parseYaml(text) ?? {};
    } catch (err) {
      throw new ConfigError(`config ${file} is not valid YAML or JSON: ${(err as Error).message}`);
    }
  }
  const cfg = parseConfig(raw, file ?? '(defaults)');
  if (env.TELLTALE_STORE) cfg.store.path = env.TELLTALE_STORE;
  if (env.TELLTALE_HOST) cfg.server.host = env.TELLTALE_HOST;
  if (env.TELLTALE_PORT) {
    const port = Number(env.TELLTALE_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(`TELLTALE_PORT must be a port number, not "${env.TELLTALE_PORT}"`);
    }
    cfg.server.port = port;
  }
  return cfg;
}

export function parseConfig(raw: unknown, where: string): Config {
  const r = configSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid config ${where}:\n${lines.join('\n')}`);
  }
  return r.data;
}
