import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { readSecret } from '../response/executors/secret.js';
import type { Alert } from './alert.js';
import { alertJson } from './alert.js';
import { formatCef } from './cef.js';
import type { AlertExportConfig, AlertExportConfigParsed } from './config.js';
import { formatSyslog, octetCounted, type SyslogFormat } from './syslog.js';
import { postWebhook } from './webhook.js';

/** The parsed `alerts` configuration with the webhook secret read (at the edge). */
export function resolveAlertExport(
  parsed: AlertExportConfigParsed,
  env: NodeJS.ProcessEnv = process.env,
): AlertExportConfig {
  const { webhook, ...rest } = parsed;
  if (webhook === undefined) return rest;
  return {
    ...rest,
    webhook: { url: webhook.url, ...(webhook.secret ? { secretValue: readSecret(webhook.secret, env) } : {}) },
  };
}

/** Sends alerts to syslog (UDP or TCP, RFC 5424 or CEF) and a webhook, as configured. */
export class AlertSender {
  private tcp?: Socket;
  private readonly udp = createSocket('udp4');

  constructor(
    private readonly config: AlertExportConfig,
    private readonly hostname: string,
  ) {
    this.udp.unref();
  }

  /** The syslog line an alert becomes (for tests and `--dry-run`). */
  syslogLine(a: Alert): string | undefined {
    const s = this.config.syslog;
    if (s === undefined) return undefined;
    const f: SyslogFormat = {
      facility: s.facility,
      hostname: this.hostname,
      appName: s.appName,
      sdId: s.sdId,
      procId: String(process.pid),
    };
    return formatSyslog(a, f, s.format === 'cef' ? formatCef(a) : undefined);
  }

  async send(a: Alert): Promise<void> {
    if (!this.wanted(a)) return;
    const s = this.config.syslog;
    const line = this.syslogLine(a);
    if (s !== undefined && line !== undefined) {
      if (s.protocol === 'udp') await this.sendUdp(line, s.host, s.port);
      else await this.sendTcp(octetCounted(line), s.host, s.port);
    }
    const w = this.config.webhook;
    if (w !== undefined) await postWebhook({ url: w.url, secret: w.secretValue }, alertJson(a));
  }

  close(): void {
    this.tcp?.end();
    this.udp.close();
  }

  private wanted(a: Alert): boolean {
    if (!this.config.types.includes(a.type)) return false;
    if (a.type === 'breach') return a.breach.score >= this.config.minScore;
    if (a.type === 'incident') return a.incident.score >= this.config.minScore;
    return true;
  }

  private sendUdp(line: string, host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) =>
      this.udp.send(Buffer.from(line, 'utf8'), port, host, (e) => (e ? reject(e) : resolve())),
    );
  }

  private async sendTcp(frame: string, host: string, port: number): Promise<void> {
    if (this.tcp === undefined || this.tcp.destroyed) {
      const socket = connect({ host, port });
      socket.on('error', () => socket.destroy());
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      this.tcp = socket;
    }
    const socket = this.tcp;
    await new Promise<void>((resolve, reject) => socket.write(frame, (e) => (e ? reject(e) : resolve())));
  }
}
