import { spawn } from 'node:child_process';
import type { Action } from '../action.js';
import type { Executor } from './executor.js';
import { type NftRulesetOptions, nftRuleset, nftTableName, unaddressedEndpoints } from './nftRuleset.js';

export interface NftablesOptions extends NftRulesetOptions {
  /** The nft command, with any prefix (e.g. ["ip", "netns", "exec", "lab", "nft"]). */
  nft: readonly string[];
  /** Print rule sets instead of applying them. */
  dryRun: boolean;
  print: (text: string) => void;
  /** Event time of "now", for the remaining duration of block sets. */
  now: () => number;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command with optional standard input; never through a shell. */
export function runCommand(argv: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Network actions as nftables tables, one per action: apply loads it atomically, revert deletes it. */
export class NftablesExecutor implements Executor {
  readonly name = 'nftables';
  readonly handles = ['block_connections', 'enforce_pattern_of_life', 'quarantine_device'] as const;

  constructor(private readonly o: NftablesOptions) {}

  ruleset(action: Action): string {
    return nftRuleset(action, this.o, this.o.now());
  }

  /** Ask nft to parse and check a rule set without applying it. */
  async check(text: string): Promise<CommandResult> {
    return runCommand([...this.o.nft, '--check', '-f', '-'], text);
  }

  async apply(action: Action): Promise<string> {
    const text = this.ruleset(action);
    const table = nftTableName(action, this.o.tablePrefix);
    if (this.o.dryRun) {
      this.o.print(text);
      return `dry run: printed table inet ${table}${this.unblocked(action)}`;
    }
    const r = await runCommand([...this.o.nft, '-f', '-'], text);
    if (r.code !== 0) throw new Error(`nft could not load table inet ${table}: ${r.stderr.trim()}`);
    return `loaded table inet ${table} (${action.action} for ${action.target.id})${this.unblocked(action)}`;
  }

  /** The audit says which named endpoints the table cannot match, so nobody believes a name blocked. */
  private unblocked(action: Action): string {
    if (action.action !== 'block_connections') return '';
    const names = unaddressedEndpoints(action);
    return names.length === 0 ? '' : `; addresses only, not matched by name: ${names.join(', ')}`;
  }

  async revert(action: Action): Promise<string> {
    const table = nftTableName(action, this.o.tablePrefix);
    if (this.o.dryRun) {
      this.o.print(`delete table inet ${table}\n`);
      return `dry run: printed the removal of table inet ${table}`;
    }
    const r = await runCommand([...this.o.nft, 'delete', 'table', 'inet', table]);
    // Removing what is not there is success: revert is idempotent.
    if (r.code !== 0 && !/No such file or directory/.test(r.stderr)) {
      throw new Error(`nft could not delete table inet ${table}: ${r.stderr.trim()}`);
    }
    return r.code === 0 ? `deleted table inet ${table}` : `table inet ${table} was already gone`;
  }
}
