import { createHmac } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { device, endpoint, makeBreach } from '../src/analyst/breachFixture.js';
import { alertExportConfigSchema } from '../src/export/config.js';
import { AlertSender, resolveAlertExport } from '../src/export/sender.js';
import type { Action } from '../src/response/action.js';
import { responseConfigSchema } from '../src/response/config.js';
import type { Executor } from '../src/response/executors/executor.js';
import { createExecutors, executeAction, revertAction } from '../src/response/executors/index.js';
import { PromptGatewayExecutor } from '../src/response/executors/promptGateway.js';

const T = Date.parse('2026-03-10T08:05:00Z');

function action(over: Partial<Action> = {}): Action {
  return {
    id: 'a-1',
    action: 'hold_prompt',
    target: { kind: 'user', id: 'bob@contoso.com' },
    mode: 'autonomous',
    reason: ['b-1'],
    rule: 'Response / AI / Risky Prompt Hold',
    start: T,
    expires: T + 1_800_000,
    status: 'active',
    audit: [],
    ...over,
  };
}

async function httpSink(): Promise<{
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  close: () => Promise<void>;
}> {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(body.includes('"fail-me"') ? 500 : 202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('executors', () => {
  it('hold and release prompts through the gateway interface', async () => {
    const calls: string[] = [];
    const gateway = new PromptGatewayExecutor({
      hold: (id, until) => {
        calls.push(`hold ${id} ${new Date(until).toISOString()}`);
      },
      release: (id) => {
        calls.push(`release ${id}`);
      },
    });
    const audit = await executeAction(action(), [gateway], T);
    expect(audit).toMatchObject({ actor: 'executor:prompt-gateway', from: 'active', to: 'active' });
    await revertAction(action({ status: 'expired' }), [gateway], T + 1_800_000);
    expect(calls).toEqual(['hold bob@contoso.com 2026-03-10T08:35:00.000Z', 'release bob@contoso.com']);
  });

  it('marks the action failed when an executor fails, and never runs actions not in force', async () => {
    const broken: Executor = {
      name: 'broken',
      handles: ['hold_prompt'],
      apply: () => Promise.reject(new Error('gateway unreachable')),
      revert: () => Promise.resolve('ok'),
    };
    expect(await executeAction(action(), [broken], T)).toMatchObject({
      to: 'failed',
      reason: 'broken: gateway unreachable',
    });
    let ran = false;
    const spy: Executor = {
      ...broken,
      apply: async () => {
        ran = true;
        return 'x';
      },
    };
    expect(await executeAction(action({ status: 'awaiting_confirmation' }), [spy], T)).toMatchObject({
      to: 'awaiting_confirmation',
      reason: 'not executed: status awaiting_confirmation',
    });
    expect(ran).toBe(false);
    expect(await executeAction(action({ action: 'disable_user' }), [spy], T)).toMatchObject({
      to: 'failed',
      reason: 'no executor is configured for disable_user',
    });
  });

  it('creates the configured executors and signs webhook calls with HMAC-SHA256', async () => {
    const sink = await httpSink();
    try {
      const config = responseConfigSchema.parse({
        executors: { webhook: { url: sink.url, secret: { env: 'TT_HOOK' } }, nftables: { dryRun: true } },
      });
      const printed: string[] = [];
      const executors = createExecutors(config, { env: { TT_HOOK: 'k3y' }, print: (t) => printed.push(t) });
      expect(executors.map((e) => e.name)).toEqual(['nftables', 'webhook']);
      const block = action({
        action: 'block_connections',
        target: { kind: 'device', id: '10.0.0.5' },
        scope: { endpoints: ['45.9.148.3'] },
      });
      const audit = await executeAction(block, executors, T);
      expect(audit.to).toBe('active');
      expect(audit.actor).toBe('executor:nftables+webhook');
      expect(printed[0]).toContain('45.9.148.3');
      const [{ headers, body }] = sink.received as [{ headers: IncomingHttpHeaders; body: string }];
      const expected =
        'sha256=' + createHmac('sha256', 'k3y').update(`${headers['x-telltale-timestamp']}.${body}`).digest('hex');
      expect(headers['x-telltale-signature']).toBe(expected);
      expect(JSON.parse(body)).toMatchObject({
        event: 'apply',
        action: { id: 'a-1', action: 'block_connections', status: 'active' },
      });
      const failing = await executeAction({ ...block, id: 'fail-me' }, executors.slice(1), T);
      expect(failing).toMatchObject({ to: 'failed', reason: expect.stringContaining('answered 500') });
      expect(() => createExecutors(config, { env: {} })).toThrow(/TT_HOOK is not set/);
    } finally {
      await sink.close();
    }
  });
});

describe('alert export', () => {
  const breach = makeBreach({
    model: 'Compromise::Fast Beaconing to DGA',
    time: T,
    entity: device('10.1.4.23'),
    score: 88,
    related: [endpoint('xkqjzv.top')],
    summary: 'Beacons to a generated domain',
  });

  it('sends RFC 5424 over UDP to a local listener', async () => {
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    const got = new Promise<string>((r) => udp.once('message', (m) => r(m.toString())));
    const sender = new AlertSender(
      resolveAlertExport(alertExportConfigSchema.parse({ syslog: { port: (udp.address() as AddressInfo).port } })),
      'sensor-1',
    );
    await sender.send({ type: 'breach', breach });
    const line = await got;
    sender.close();
    udp.close();
    expect(line).toMatch(
      /^<131>1 2026-03-10T08:05:00.000Z sensor-1 telltale \d+ breach \[telltale@32473 type="breach" /,
    );
    expect(line).toContain('Beacons to a generated domain');
  });

  it('sends CEF over TCP with octet counting, and skips breaches below the minimum score', async () => {
    const chunks: string[] = [];
    let ended!: () => void;
    const done = new Promise<void>((r) => {
      ended = r;
    });
    const server = createTcpServer((s) => {
      s.on('data', (d) => chunks.push(d.toString()));
      s.on('end', () => ended());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const sender = new AlertSender(
      resolveAlertExport(
        alertExportConfigSchema.parse({
          minScore: 50,
          syslog: { port: (server.address() as AddressInfo).port, protocol: 'tcp', format: 'cef' },
        }),
      ),
      'sensor-1',
    );
    await sender.send({ type: 'breach', breach: { ...breach, score: 20 } });
    await sender.send({ type: 'breach', breach });
    sender.close();
    await done;
    await new Promise<void>((r) => server.close(() => r()));
    const data = chunks.join('');
    const space = data.indexOf(' ');
    const length = Number(data.slice(0, space));
    const message = data.slice(space + 1);
    expect(Buffer.byteLength(message)).toBe(length);
    expect(message).toContain(' CEF:0|telltale|telltale|0.1.0|Compromise::Fast Beaconing to DGA|');
    expect(message).toContain('src=10.1.4.23 dhost=xkqjzv.top');
  });

  it('posts alerts to a webhook as signed JSON', async () => {
    const sink = await httpSink();
    const sender = new AlertSender(
      resolveAlertExport(alertExportConfigSchema.parse({ webhook: { url: sink.url, secret: { env: 'TT_ALERTS' } } }), {
        TT_ALERTS: 's',
      }),
      'h',
    );
    await sender.send({ type: 'breach', breach });
    sender.close();
    await sink.close();
    expect(JSON.parse(sink.received[0]!.body)).toMatchObject({ type: 'breach', id: breach.id, score: 88 });
    expect(sink.received[0]!.headers['x-telltale-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
