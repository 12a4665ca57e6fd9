import { type Alert, alertId, alertName, alertScore, alertText, alertTime, entityOf } from './alert.js';

export interface SyslogFormat {
  /** Syslog facility number (16 = local0). */
  facility: number;
  hostname: string;
  appName: string;
  procId?: string;
  /** SD-ID of telltale's structured data (32473 is the private enterprise number reserved for examples). */
  sdId: string;
}

export const DEFAULT_SYSLOG_FORMAT: SyslogFormat = {
  facility: 16,
  hostname: '-',
  appName: 'telltale',
  sdId: 'telltale@32473',
};

/** Syslog severity from a 0-100 score: critical, error, warning, notice, informational. */
export function syslogSeverity(score: number): number {
  if (score >= 90) return 2;
  if (score >= 70) return 3;
  if (score >= 50) return 4;
  if (score >= 30) return 5;
  return 6;
}

/** RFC 5424 §6.3.3: inside PARAM-VALUE, escape '"', '\' and ']'. */
function sdValue(v: string): string {
  return v.replace(/["\\\]]/g, (c) => '\\' + c);
}

/** RFC 5424 header fields: printable US-ASCII without spaces, bounded, "-" when empty. */
function headerField(v: string | undefined, max: number): string {
  const clean = (v ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean === '' ? '-' : clean;
}

function structuredData(a: Alert, sdId: string): string {
  const params: [string, string][] = [
    ['type', a.type],
    ['id', alertId(a)],
    ['score', String(alertScore(a))],
  ];
  const e = entityOf(a);
  if (e) params.push(['entity', `${e.kind}:${e.id}`]);
  if (a.type === 'breach') {
    params.push(['model', a.breach.model]);
    if (a.breach.mitre.length > 0) params.push(['mitre', a.breach.mitre.join(',')]);
  } else if (a.type === 'incident') {
    params.push(['breaches', String(a.incident.breaches.length)]);
    if (a.incident.mitre.tactics.length > 0) params.push(['tactics', a.incident.mitre.tactics.join(',')]);
  } else {
    params.push(
      ['action', a.action.action],
      ['mode', a.action.mode],
      ['status', a.action.status],
      ['rule', a.action.rule],
    );
    params.push(['expires', new Date(a.action.expires).toISOString()]);
  }
  return `[${sdId} ${params.map(([k, v]) => `${k}="${sdValue(v)}"`).join(' ')}]`;
}

/** One RFC 5424 syslog message (without transport framing) for an alert; `message` replaces the text (CEF). */
export function formatSyslog(a: Alert, f: SyslogFormat = DEFAULT_SYSLOG_FORMAT, message?: string): string {
  const pri = f.facility * 8 + syslogSeverity(alertScore(a));
  const time = new Date(alertTime(a)).toISOString();
  const msgId = headerField(a.type, 32);
  const text = (message ?? `${alertName(a)}: ${alertText(a)}`).replace(/[\r\n]+/g, ' ');
  return `<${pri}>1 ${time} ${headerField(f.hostname, 255)} ${headerField(f.appName, 48)} ${headerField(f.procId, 128)} ${msgId} ${structuredData(a, f.sdId)} ${text}`;
}

/** RFC 6587 octet counting, for syslog over TCP: the byte length, a space, the message. */
export function octetCounted(message: string): string {
  return `${Buffer.byteLength(message, 'utf8')} ${message}`;
}
