import { createHmac, timingSafeEqual } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Analyst } from '../src/analyst/analyst.js';
import { device, endpoint, makeBreach, user } from '../src/analyst/breachFixture.js';
import type { Incident } from '../src/analyst/incident.js';
import { ActionRunner, decideAction } from '../src/cli/action-runner.js';
import { exportDecisions } from '../src/cli/run.js';
import type { Alert } from '../src/export/alert.js';
import { alertExportConfigSchema } from '../src/export/config.js';
import { AlertSender, resolveAlertExport } from '../src/export/sender.js';
import { syslogSeverity } from '../src/export/syslog.js';
import type { Action } from '../src/response/action.js';
import { responseConfigSchema } from '../src/response/config.js';
import type { Executor } from '../src/response/executors/executor.js';
import { ResponsePolicy } from '../src/response/policy.js';

const T0 = Date.parse('2026-03-12T09:40:00Z');
const MINUTE = 60_000;

const c2 = makeBreach({
  model: 'Compromise::Possible SSL Command and Control',
  time: T0,
  entity: device('10.1.4.23'),
  score: 90,
  related: [endpoint('45.77.12.35'), endpoint('cdn-update.example')],
  mitre: ['T1071.001', 'T1573'],
  summary: '10.1.4.23 keeps a periodic TLS channel to cdn-update.example:8443',
});
const upload = makeBreach({
  model: 'Unusual Activity::Unusual External Data to New Endpoint',
  time: T0 + 40 * MINUTE,
  entity: device('10.1.4.23'),
  score: 70,
  related: [endpoint('45.77.12.35')],
  mitre: ['T1041'],
  summary: '10.1.4.23 sent 40 MB to 45.77.12.35, a new endpoint',
});

function scenario(): { incident: Incident; block: Action } {
  const analyst = new Analyst();
  analyst.onBreach(c2);
  const [incident] = analyst.onBreach(upload);
  const policy = new ResponsePolicy({ config: responseConfigSchema.parse({ maxMode: 'autonomous' }) });
  const [block] = policy.onBreach(c2);
  return { incident: incident!, block: block! };
}

/** RFC 5424: <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD-ID k="v" ...] MSG */
const RFC5424 = /^<(\d+)>1 (\S+) (\S+) (\S+) (\S+) (\S+) \[(\S+) ((?:[^\]\\]|\\.)*)\] (.*)$/s;

function sdParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) out[m[1]!] = m[2]!.replace(/\\(["\\\]])/g, '$1');
  return out;
}

/** CEF header fields split on unescaped pipes, and the extension as key=value pairs. */
function parseCef(line: string): { header: string[]; ext: Record<string, string> } {
  const body = line.slice(line.indexOf('CEF:'));
  const header: string[] = [];
  let cur = '';
  let i = 0;
  for (; i < body.length && header.length < 7; i++) {
    if (body[i] === '\\') cur += body[++i];
    else if (body[i] === '|') {
      header.push(cur);
      cur = '';
    } else cur += body[i];
  }
  const ext: Record<string, string> = {};
  const rest = body.slice(i);
  const keys = [...rest.matchAll(/(?:^| )(\w+)=/g)];
  keys.forEach((k, n) => {
    const start = k.index! + k[0].length;
    const end = n + 1 < keys.length ? keys[n + 1]!.index! : rest.length;
    ext[k[1]!] = rest
      .slice(start, end)
      .replace(/\\n/g, '\n')
      .replace(/\\([\\=])/g, '$1');
  });
  return { header, ext };
}

describe('alert export of incidents and actions over real sockets', () => {
  it('sends RFC 5424 over UDP: header, structured data and text of an incident and of an action', async () => {
    const { incident, block } = scenario();
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    const lines: string[] = [];
    const two = new Promise<void>((r) =>
      udp.on('message', (m) => {
        lines.push(m.toString('utf8'));
        if (lines.length === 2) r();
      }),
    );
    const sender = new AlertSender(
      resolveAlertExport(
        alertExportConfigSchema.parse({ syslog: { port: (udp.address() as AddressInfo).port, facility: 20 } }),
      ),
      'sensor-1',
    );
    await sender.send({ type: 'incident', incident });
    await sender.send({ type: 'action', action: block });
    await two;
    sender.close();
    udp.close();

    const [inc, act] = lines.map((l) => RFC5424.exec(l));
    expect(inc, lines[0]).not.toBeNull();
    expect(Number(inc![1])).toBe(20 * 8 + syslogSeverity(incident.score));
    expect(inc!.slice(2, 7)).toEqual([
      '2026-03-12T10:20:00.000Z',
      'sensor-1',
      'telltale',
      String(process.pid),
      'incident',
    ]);
    expect(inc![7]).toBe('telltale@32473');
    expect(sdParams(inc![8]!)).toEqual({
      type: 'incident',
      id: incident.id,
      score: String(incident.score),
      entity: 'device:10.1.4.23',
      breaches: '2',
      tactics: 'command-and-control,exfiltration',
    });
    expect(inc![9]).toBe(`${incident.title}: ${incident.summary.split('\n')[0]}`);
    expect(inc![9]).toContain('2 breaches of 2 models on device 10.1.4.23');

    expect(act, lines[1]).not.toBeNull();
    expect(act!.slice(2, 7)).toEqual([
      '2026-03-12T09:40:00.000Z',
      'sensor-1',
      'telltale',
      String(process.pid),
      'action',
    ]);
    expect(sdParams(act![8]!)).toEqual({
      type: 'action',
      id: block.id,
      score: '60',
      entity: 'device:10.1.4.23',
      action: 'block_connections',
      mode: 'autonomous',
      status: 'active',
      rule: 'Response / Network / Significant Anomaly from Client Block',
      expires: '2026-03-12T10:40:00.000Z',
    });
    expect(act![9]).toMatch(/^block_connections 10\.1\.4\.23 \(active\): .*Possible SSL Command and Control scored 90/);
  });

  it('sends CEF over TCP with octet counting for an incident and an action', async () => {
    const { incident, block } = scenario();
    const chunks: Buffer[] = [];
    let ended!: () => void;
    const done = new Promise<void>((r) => {
      ended = r;
    });
    const server = createTcpServer((s) => {
      s.on('data', (d) => chunks.push(d));
      s.on('end', () => ended());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const sender = new AlertSender(
      resolveAlertExport(
        alertExportConfigSchema.parse({
          syslog: { port: (server.address() as AddressInfo).port, protocol: 'tcp', format: 'cef' },
        }),
      ),
      'sensor-1',
    );
    await sender.send({ type: 'incident', incident });
    await sender.send({ type: 'action', action: block });
    sender.close();
    await done;
    await new Promise<void>((r) => server.close(() => r()));

    // RFC 6587 octet counting: "<byte length> <message>" frames back to back.
    const data = Buffer.concat(chunks);
    const frames: string[] = [];
    for (let at = 0; at < data.length; ) {
      const space = data.indexOf(0x20, at);
      const length = Number(data.subarray(at, space).toString());
      frames.push(data.subarray(space + 1, space + 1 + length).toString('utf8'));
      at = space + 1 + length;
    }
    expect(frames).toHaveLength(2);
    for (const f of frames) expect(RFC5424.test(f)).toBe(true);

    const inc = parseCef(frames[0]!);
    expect(inc.header).toEqual([
      'CEF:0',
      'telltale',
      'telltale',
      '0.1.0',
      'incident',
      incident.title,
      String(Math.round(incident.score / 10)),
    ]);
    expect(inc.ext).toMatchObject({
      rt: String(incident.end),
      externalId: incident.id,
      cat: 'incident',
      src: '10.1.4.23',
      start: String(T0),
      end: String(T0 + 40 * MINUTE),
      cnt: '2',
      cn1: String(incident.score),
      cs1Label: 'tactics',
      cs1: 'command-and-control,exfiltration',
      msg: incident.summary.split('\n')[0],
    });

    const act = parseCef(frames[1]!);
    expect(act.header.slice(4)).toEqual(['action:block_connections', 'block_connections 10.1.4.23 (active)', '6']);
    expect(act.ext).toMatchObject({
      externalId: block.id,
      cat: 'action',
      dst: '10.1.4.23',
      act: 'block_connections',
      outcome: 'active',
      start: String(T0),
      end: String(T0 + 60 * MINUTE),
      cs2: 'Response / Network / Significant Anomaly from Client Block',
      cs3: 'autonomous',
    });
  });

  it('posts incidents, actions and analysts’ decisions to a webhook that checks the HMAC signature', async () => {
    const { incident, block } = scenario();
    const secret = 'alerts-s3cret';
    const accepted: Record<string, unknown>[] = [];
    const server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const ts = String(req.headers['x-telltale-timestamp']);
        const want = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`);
        const got = Buffer.from(String(req.headers['x-telltale-signature'] ?? ''));
        if (got.length !== want.length || !timingSafeEqual(got, want) || !/^\d+$/.test(ts)) {
          res.writeHead(401).end();
          return;
        }
        accepted.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
    const senderWith = (key: string) =>
      new AlertSender(
        resolveAlertExport(alertExportConfigSchema.parse({ webhook: { url, secret: { env: 'TT_ALERT_KEY' } } }), {
          TT_ALERT_KEY: key,
        }),
        'sensor-1',
      );
    const sender = senderWith(secret);
    try {
      await sender.send({ type: 'incident', incident });
      await sender.send({ type: 'action', action: block });
      // A receiver that checks signatures refuses a wrongly keyed sender, and the sender says so.
      await expect(senderWith('not-the-key').send({ type: 'incident', incident })).rejects.toThrow(/answered 401/);

      // Decisions made through the API: the policy decides, the runner carries it out, the alert goes out.
      const policy = new ResponsePolicy({ config: responseConfigSchema.parse({}) });
      const takeover = makeBreach({
        model: 'SaaS / Compromise / Login From Rare Following Suspicious Login Attempt(s)',
        time: T0,
        entity: user('bob@contoso.com'),
        score: 80,
      });
      const [logout] = policy.onBreach(takeover);
      expect(logout!.status).toBe('awaiting_confirmation');
      const carried: string[] = [];
      const graph: Executor = {
        name: 'msgraph',
        handles: ['force_logout'],
        apply: async (a) => {
          carried.push(`apply ${a.target.id}`);
          return 'revoked';
        },
        revert: async () => 'nothing to undo',
      };
      const decide = exportDecisions(
        decideAction(policy, new ActionRunner([graph]), async () => {}),
        sender,
      );
      const confirmed = await decide({
        id: logout!.id,
        decision: 'confirm',
        who: 'alice.analyst',
        reason: 'called bob',
        time: T0 + 5 * MINUTE,
      });
      expect(confirmed?.status).toBe('active');
      const cleared = await decide({
        id: logout!.id,
        decision: 'clear',
        who: 'alice.analyst',
        reason: 'bob was travelling',
        time: T0 + 9 * MINUTE,
      });
      expect(cleared?.status).toBe('cleared');
      expect(carried).toEqual(['apply bob@contoso.com']);
    } finally {
      sender.close();
      await new Promise<void>((r) => server.close(() => r()));
    }

    expect(accepted.map((a) => [a.type, a.id, a.status ?? ''])).toEqual([
      ['incident', incident.id, 'open'],
      ['action', block.id, 'active'],
      ['action', expect.any(String), 'active'],
      ['action', expect.any(String), 'cleared'],
    ]);
    expect(accepted[0]).toMatchObject({
      score: incident.score,
      start: '2026-03-12T09:40:00.000Z',
      end: '2026-03-12T10:20:00.000Z',
      breaches: [c2.id, upload.id],
      mitre: { tactics: ['command-and-control', 'exfiltration'] },
      summary: incident.summary,
    });
    expect(accepted[1]).toMatchObject({
      action: 'block_connections',
      target: { kind: 'device', id: '10.1.4.23' },
      scope: { endpoints: ['45.77.12.35', 'cdn-update.example'] },
      expires: '2026-03-12T10:40:00.000Z',
    });
    const audit = (a: Record<string, unknown>) => (a.audit as { actor: string; to: string; reason: string }[]).at(-1);
    expect(audit(accepted[2]!)).toEqual(
      expect.objectContaining({ actor: 'alice.analyst', to: 'active', reason: 'called bob' }),
    );
    expect(audit(accepted[3]!)).toEqual(
      expect.objectContaining({ actor: 'alice.analyst', to: 'cleared', reason: 'bob was travelling' }),
    );
  });

  it('says why an action failed: CEF outcome and message, raised severity', () => {
    const { block } = scenario();
    const failed: Action = {
      ...block,
      status: 'failed',
      audit: [
        ...block.audit,
        {
          time: T0 + 1_000,
          actor: 'executor:nftables',
          from: 'active',
          to: 'failed',
          reason: 'nftables: nft could not load table inet telltale_a_1: Error: Could not process rule',
        },
      ],
    };
    const alert: Alert = { type: 'action', action: failed };
    const sender = new AlertSender(
      resolveAlertExport(alertExportConfigSchema.parse({ syslog: { format: 'cef' } })),
      'sensor-1',
    );
    const line = sender.syslogLine(alert)!;
    sender.close();
    expect(RFC5424.exec(line)![1]).toBe(String(16 * 8 + syslogSeverity(80)));
    expect(parseCef(line).ext).toMatchObject({
      outcome: 'failed',
      msg: 'nftables: nft could not load table inet telltale_a_1: Error: Could not process rule',
    });
  });
});
