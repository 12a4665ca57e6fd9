import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Event } from '../events/event.js';
import { expandInputs, openFileSource } from '../sources/files/index.js';
import { aiScenario } from './scenarios/ai.js';
import { networkScenario } from './scenarios/network.js';
import { saasScenario } from './scenarios/saas.js';
import { NETWORK_SHIFT, SAAS_SHIFT } from './timeline.js';

export { dryRunExecutors } from './dry-run.js';
export { DEMO_DAY, DEMO_LEARN_UNTIL } from './timeline.js';

/** data/demo, found from the sources (src/demo) or the build (dist/src/demo). */
export function demoDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const dir = resolve(here, up, 'data', 'demo');
    if (existsSync(join(dir, 'PROVENANCE.md'))) return dir;
  }
  throw new Error('the bundled demo data (data/demo) is missing from this installation');
}

/** Decodes shipped logs with the product's own decoders, moving their times by `shift`. */
async function decodeShifted(dir: string, shift: number): Promise<Event[]> {
  const out: Event[] = [];
  for (const file of await expandInputs([dir])) {
    const src = openFileSource(file);
    try {
      for (let b = await src.next(); b !== null; b = await src.next()) {
        for (const e of b.events) {
          e.time += shift;
          out.push(e);
        }
        if (b.rejects.length > 0) throw new Error(`demo file ${file} has malformed lines: ${b.rejects[0]!.reason}`);
      }
    } finally {
      await src.close();
    }
  }
  return out;
}

/**
 * The bundled demo: real benign logs (a small office network through a proxy, a day of Entra ID
 * sign-ins, a day of prompts to AI tools; see data/demo/PROVENANCE.md) with network, SaaS and AI
 * attack scenarios played into them. Events come back in event-time order; run them through the
 * pipeline with `learnUntil: DEMO_LEARN_UNTIL` so the benign history is learned first.
 */
export async function loadDemo(): Promise<Event[]> {
  const dir = demoDir();
  const [network, saas, prompts, ai] = await Promise.all([
    decodeShifted(join(dir, 'network'), NETWORK_SHIFT),
    decodeShifted(join(dir, 'saas'), SAAS_SHIFT),
    decodeShifted(join(dir, 'prompts'), SAAS_SHIFT),
    aiScenario(dir),
  ]);
  const all = [...network, ...saas, ...prompts, ...networkScenario(), ...saasScenario(), ...ai];
  return all.sort((a, b) => a.time - b.time);
}

/**
 * What `telltale run` prints when it starts with the demo. The first-start password itself is
 * printed once only, by the server's announcement on standard output; this points to it.
 */
export function demoSignInText(url: string, firstStart?: { user: string }): string {
  const how = firstStart
    ? `Sign in as "${firstStart.user}" with the password printed above on standard output (shown this once; keep it).`
    : 'Sign in with the admin password printed on the first start (it is shown only once; `telltale reset-admin` issues a new one).';
  return (
    `telltale is running with the bundled demo: no sources are configured, so it loaded real benign\n` +
    `network, Microsoft 365 sign-in and AI prompt logs with attacks played into them.\n` +
    `  Open ${url} in a browser. ${how}\n` +
    '  Start with Incidents. Response actions in the demo are dry runs: confirming one records what it\n' +
    '  would do and changes nothing. Configure `sources` in the configuration file to watch your own data.\n'
  );
}
