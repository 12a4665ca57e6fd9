import type { Action, ActionKind } from '../response/action.js';
import type { Executor, Executors } from '../response/executors/executor.js';
import { GraphClient, MsGraphExecutor } from '../response/executors/msgraph.js';
import { NftablesExecutor } from '../response/executors/nftables.js';

/** In the name of each recorder, hence in its audit entries' actor and reason, for the UI to mark. */
export const DRY_RUN = 'dry run';

const GRAPH_URL = 'https://graph.microsoft.com';
const LOGIN_URL = 'https://login.microsoftonline.com';

/**
 * Runs a real executor with its outside world replaced by a recorder: whatever it would send
 * (an nftables rule set, Graph requests) is written into the action's audit trail and nothing
 * leaves the process.
 */
class DryRunRecorder implements Executor {
  readonly name: string;

  constructor(
    private readonly inner: Executor,
    readonly handles: readonly ActionKind[],
    /** What the inner executor sent during the last call, cleared before each. */
    private readonly take: () => string[],
    /** The audit line, from the inner executor's own report and what it would have sent. */
    private readonly describe: (result: string, sent: readonly string[]) => string,
  ) {
    this.name = `${inner.name} ${DRY_RUN}`;
  }

  apply(action: Action): Promise<string> {
    return this.record(() => this.inner.apply(action));
  }

  revert(action: Action): Promise<string> {
    return this.record(() => this.inner.revert(action));
  }

  private async record(call: () => Promise<string>): Promise<string> {
    this.take();
    const result = await call();
    const sent = this.take();
    return this.describe(result, sent);
  }
}

/** nftables in its own dry-run mode, with the printed rule set kept for the audit trail. */
function nftablesRecorder(patternOfLife: (device: string, before: number) => readonly string[]): {
  executor: Executor;
  take: () => string[];
} {
  let printed: string[] = [];
  const executor = new NftablesExecutor({
    nft: ['nft'],
    dryRun: true,
    hooks: ['forward'],
    tablePrefix: 'telltale',
    alwaysAllow: [],
    patternOfLife,
    print: (text) => printed.push(`nft -f - <<'EOF'\n${text.trimEnd()}\nEOF`),
    now: () => Date.now(),
  });
  return {
    executor,
    take: () => {
      const out = printed;
      printed = [];
      return out;
    },
  };
}

/**
 * Microsoft Graph behind a fetch that answers locally: the token request gets a placeholder token,
 * a rule lookup finds the rule the action names, every other request succeeds. Each Graph request is
 * recorded as method, URL and body; the token request (which would carry the client secret) is not.
 */
function msgraphRecorder(): { executor: Executor; take: () => string[]; current: (a: Action | undefined) => void } {
  let sent: string[] = [];
  let action: Action | undefined;
  const answer = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const recordingFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith(LOGIN_URL)) return answer(200, { access_token: 'dry-run', expires_in: 3600 });
    const method = init?.method ?? 'GET';
    sent.push(`${method} ${decodeURIComponent(url)}${typeof init?.body === 'string' ? ` ${init.body}` : ''}`);
    if (method === 'GET' && url.endsWith('/messageRules')) {
      const name = action?.scope?.ruleName;
      return answer(200, {
        value: typeof name === 'string' ? [{ id: `{id of the rule "${name}"}`, displayName: name }] : [],
      });
    }
    return answer(method === 'DELETE' || method === 'PATCH' || method === 'POST' ? 204 : 200);
  }) as typeof fetch;
  const executor = new MsGraphExecutor(
    new GraphClient({
      tenantId: 'demo',
      clientId: 'demo',
      clientSecret: 'none',
      loginUrl: LOGIN_URL,
      graphUrl: GRAPH_URL,
      scope: `${GRAPH_URL}/.default`,
      maxRetries: 0,
      fetch: recordingFetch,
      sleep: async () => {},
    }),
  );
  return {
    executor,
    take: () => {
      const out = sent;
      sent = [];
      return out;
    },
    current: (a) => {
      action = a;
    },
  };
}

/** Hands the action being carried out to the Graph recorder, for rule look-ups. */
class WithCurrentAction implements Executor {
  readonly name: string;
  readonly handles: readonly ActionKind[];

  constructor(
    private readonly inner: Executor,
    private readonly current: (a: Action | undefined) => void,
  ) {
    this.name = inner.name;
    this.handles = inner.handles;
  }

  async apply(action: Action): Promise<string> {
    this.current(action);
    try {
      return await this.inner.apply(action);
    } finally {
      this.current(undefined);
    }
  }

  async revert(action: Action): Promise<string> {
    this.current(action);
    try {
      return await this.inner.revert(action);
    } finally {
      this.current(undefined);
    }
  }
}

/**
 * Executors for the demo, which has none configured: without them a new user's first confirmed
 * action would fail. They cover only the action kinds no configured executor handles, carry out
 * nothing, and record in the audit trail exactly what the real nftables and Microsoft Graph
 * executors would do.
 */
export function dryRunExecutors(
  configured: Executors,
  patternOfLife: (device: string, before: number) => readonly string[] = () => [],
): Executor[] {
  const covered = new Set(configured.flatMap((e) => e.handles));
  const out: Executor[] = [];
  const nft = nftablesRecorder(patternOfLife);
  const graph = msgraphRecorder();
  const recorders: [Executor, () => string[], (result: string, sent: readonly string[]) => string][] = [
    [
      nft.executor,
      nft.take,
      // nftables' own dry-run report names the table (shown in full below) and what it could not block.
      (result, sent) => {
        const note = result.replace(/^dry run: printed[^;]*;?\s*/, '');
        return `nothing was changed; nftables would run:\n${sent.join('\n')}${note ? `\n${note}` : ''}`;
      },
    ],
    [
      new WithCurrentAction(graph.executor, graph.current),
      graph.take,
      (result, sent) => `nothing was sent; to report "${result}", Microsoft Graph would be sent:\n${sent.join('\n')}`,
    ],
  ];
  for (const [executor, take, describe] of recorders) {
    const kinds = executor.handles.filter((k) => !covered.has(k));
    if (kinds.length > 0) out.push(new DryRunRecorder(executor, kinds, take, describe));
  }
  return out;
}
