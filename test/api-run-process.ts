import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** What a `telltale run` process printed and where it serves. */
export interface RunningTelltale {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Parsed from the first-start announcement on standard output, when there was one. */
  credentials?: { user: string; password: string; token: string };
  stop: () => Promise<void>;
}

/** How the CLI is started: the built package as a user runs it, or the sources through tsx. */
export type CliBuild = 'dist' | 'source';

/** A ceiling for start-up on a busy machine (the demo loads in a few seconds), not a speed requirement. */
const START_CEILING_MS = 120_000;

/** Writes a configuration with its own store in `dir` and a port the system picks. */
export function runConfig(dir: string): string {
  const cfg = join(dir, 'telltale.yaml');
  writeFileSync(cfg, `store:\n  path: ${join(dir, 'telltale.db')}\nserver:\n  host: 127.0.0.1\n  port: 0\n`);
  return cfg;
}

/**
 * Starts `telltale run -c <config>` and waits until it follows its sources (after the demo is
 * loaded and the sign-in text printed); rejects with everything it printed if it exits first.
 */
export async function startRun(cfg: string, build: CliBuild, env: NodeJS.ProcessEnv = {}): Promise<RunningTelltale> {
  const bin = join(ROOT, 'bin', 'telltale');
  if (build === 'dist' && !existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: `npm ci` (or `npm run build`) builds it before the tests');
  }
  const args =
    build === 'dist' ? [bin, 'run', '-c', cfg] : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'run', '-c', cfg];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`telltale run did not start:\n${out}\n${err}`)), START_CEILING_MS);
    child.stderr!.on('data', (d) => {
      err += String(d);
      if (/following \d+ live and \d+ finite sources/.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`telltale run exited (${code}) before it was ready:\n${out}\n${err}`));
    });
  });
  const url = /serving the API and web UI at (\S+)/.exec(err)?.[1];
  if (url === undefined) throw new Error(`telltale run printed no URL:\n${err}`);
  const signIn = /UI sign-in: +user "([^"]+)", password (\S+)/.exec(out);
  const token = /API token: +(\S+)/.exec(out);
  return {
    child,
    url,
    stdout: () => out,
    stderr: () => err,
    ...(signIn && token ? { credentials: { user: signIn[1]!, password: signIn[2]!, token: token[1]! } } : {}),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
