import type { Action, ActionAudit } from '../action.js';
import type { ResponseConfig } from '../config.js';
import { isInForce } from '../lifecycle.js';
import type { Executor, Executors } from './executor.js';
import { MsGraphExecutor } from './msgraph.js';
import { NftablesExecutor } from './nftables.js';
import { PromptGatewayExecutor, type PromptHoldTarget } from './promptGateway.js';
import { readSecret } from './secret.js';
import { WebhookExecutor } from './webhook.js';

export type { Executor, Executors } from './executor.js';
export type { PromptHoldTarget } from './promptGateway.js';

export interface ExecutorDeps {
  /** The AI gateway's hold interface, when the gateway runs in this process. */
  promptGateway?: PromptHoldTarget;
  /** What a device normally reaches (from its baseline), first seen before a time, for enforce_pattern_of_life. */
  patternOfLife?: (device: string, before: number) => readonly string[];
  /** Where dry-run rule sets go; standard error unless told, since stdout may carry JSON lines (replay). */
  print?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * The executors the `response.executors` configuration asks for, plus the prompt gateway when one
 * is given. Only `telltale run` and `replay --execute` create them.
 */
export function createExecutors(config: ResponseConfig, deps: ExecutorDeps = {}): Executor[] {
  const out: Executor[] = [];
  const { msgraph, nftables, webhook } = config.executors;
  if (msgraph) {
    out.push(
      new MsGraphExecutor({
        tenantId: msgraph.tenantId,
        clientId: msgraph.clientId,
        clientSecret: readSecret(msgraph.clientSecret, deps.env),
        loginUrl: msgraph.loginUrl,
        graphUrl: msgraph.graphUrl,
        scope: msgraph.scope,
        maxRetries: msgraph.maxRetries,
        fetch,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      }),
    );
  }
  if (nftables) {
    out.push(
      new NftablesExecutor({
        nft: [nftables.nft],
        dryRun: nftables.dryRun,
        hooks: nftables.hooks,
        tablePrefix: nftables.tablePrefix,
        alwaysAllow: nftables.alwaysAllow,
        patternOfLife: deps.patternOfLife ?? (() => []),
        print: deps.print ?? ((t) => process.stderr.write(t)),
        now: () => Date.now(),
      }),
    );
  }
  if (deps.promptGateway) out.push(new PromptGatewayExecutor(deps.promptGateway));
  if (webhook) {
    out.push(
      new WebhookExecutor({
        url: webhook.url,
        ...(webhook.secret ? { secret: readSecret(webhook.secret, deps.env) } : {}),
      }),
    );
  }
  return out;
}

function run(action: Action, executors: Executors, verb: 'apply' | 'revert', time: number): Promise<ActionAudit> {
  const chosen = executors.filter((e) => e.handles.includes(action.action));
  const from = action.status;
  if (chosen.length === 0) {
    return Promise.resolve({
      time,
      actor: 'executor',
      from,
      to: 'failed',
      reason: `no executor is configured for ${action.action}`,
    });
  }
  return Promise.all(
    chosen.map((e) =>
      e[verb](action).then(
        (msg) => ({ ok: true, text: `${e.name}: ${msg}` }),
        (err: unknown) => ({ ok: false, text: `${e.name}: ${err instanceof Error ? err.message : String(err)}` }),
      ),
    ),
  ).then((results) => {
    const failed = results.some((r) => !r.ok);
    return {
      time,
      actor: 'executor:' + chosen.map((e) => e.name).join('+'),
      from,
      to: failed && verb === 'apply' ? 'failed' : from,
      reason: results.map((r) => r.text).join('; '),
    };
  });
}

/**
 * Carry out an action in force with every executor that handles its kind. The audit entry keeps
 * the status on success and says `failed` if any executor failed (with each one's message).
 */
export function executeAction(action: Action, executors: Executors, time = Date.now()): Promise<ActionAudit> {
  if (!isInForce(action)) {
    return Promise.resolve({
      time,
      actor: 'executor',
      from: action.status,
      to: action.status,
      reason: `not executed: status ${action.status}`,
    });
  }
  return run(action, executors, 'apply', time);
}

/** Lift an action that expired or was cleared. Failures are reported in the audit entry, status unchanged. */
export function revertAction(action: Action, executors: Executors, time = Date.now()): Promise<ActionAudit> {
  return run(action, executors, 'revert', time);
}
