import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/load.js';
import { UsageError } from './usage-error.js';

const program = new Command();
program
  .name('telltale')
  .description('Self-learning threat detection and autonomous response: Zeek, Microsoft 365 / Entra ID, AI prompts')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('replay')
  .description(
    'Replay historical logs of any supported format in event-time order through the whole pipeline; ' +
      'breaches, incidents and actions go to stdout as JSON lines, progress and a summary to stderr',
  )
  .argument('<inputs...>', 'files or directories (plain or gzip; formats detected by content)')
  .option('-c, --config <file>', 'configuration file (YAML or JSON)')
  .option('--learn-until <iso-time>', 'breaches before this event time are learned from, not reported')
  .option('--format <format>', 'force a decoder instead of detecting the format by content')
  .option(
    '--rejects <file>',
    'where malformed records go, one JSON line each with file and line',
    'telltale-rejects.jsonl',
  )
  .option('--store <path>', 'also keep events, breaches, incidents and actions in this embedded store')
  .option('--execute', 'call response executors for autonomous actions (never without this flag)', false)
  .option('--no-progress', 'no progress bar on stderr')
  .action(async (inputs: string[], opts) => {
    const { replay } = await import('./replay.js');
    process.exitCode = await replay(inputs, opts);
  });

program
  .command('run')
  .description(
    'Run continuously: tail the configured sources into the store, detect, correlate and respond, ' +
      'and serve the API and web UI. With no sources configured, loads the bundled demo.',
  )
  .option('-c, --config <file>', 'configuration file (YAML or JSON)')
  .addOption(new Option('--no-server', 'do not start the HTTP API and web UI'))
  .option('--no-demo', 'with no sources configured, start empty instead of loading the demo')
  .action(async (opts) => {
    const { run } = await import('./run.js');
    process.exitCode = await run(opts);
  });

program
  .command('reset-admin')
  .description('Issue a new admin password and API token (the old ones stop working); prints them once')
  .option('-c, --config <file>', 'configuration file (YAML or JSON)')
  .action(async (opts: { config?: string }) => {
    const { loadConfig } = await import('../config/load.js');
    const { openStore } = await import('../store/index.js');
    const { defaultAnnounce, resetAdminAccess } = await import('../server/index.js');
    const { store: storeConfig } = loadConfig(opts.config);
    const store = await openStore(storeConfig.path, storeConfig.kind);
    try {
      defaultAnnounce(await resetAdminAccess(store));
      process.stdout.write(
        'The old admin token and password no longer work; a running telltale takes the new ones within seconds.\n',
      );
    } finally {
      await store.close();
    }
  });

program
  .command('models')
  .description('List the detection models with their MITRE techniques and thresholds')
  .option('--json', 'one JSON object per model')
  .action(async (opts: { json?: boolean }) => {
    const { allModels } = await import('../models/registry.js');
    for (const m of allModels()) {
      const meta = m.meta;
      if (opts.json) process.stdout.write(`${JSON.stringify(meta)}\n`);
      else
        process.stdout.write(
          `${meta.name}\n  ${meta.description}\n  MITRE ${meta.mitre.join(', ')}; thresholds ${JSON.stringify(meta.thresholds)}\n`,
        );
    }
  });

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; every other parse error is bad usage.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`telltale: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`telltale: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}

await main();
