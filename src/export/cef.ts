import { type Alert, alertId, alertName, alertScore, alertText, alertTime } from './alert.js';

export interface CefFormat {
  vendor: string;
  product: string;
  version: string;
}

export const DEFAULT_CEF_FORMAT: CefFormat = { vendor: 'telltale', product: 'telltale', version: '0.1.0' };

/** Header fields escape '\' and '|'. */
function header(v: string): string {
  return v.replace(/[\\|]/g, (c) => '\\' + c).replace(/[\r\n]+/g, ' ');
}

/** Extension values escape '\' and '=', and encode line breaks. */
function ext(v: string | number): string {
  return String(v)
    .replace(/[\\=]/g, (c) => '\\' + c)
    .replace(/\r\n|\n|\r/g, '\\n');
}

function isIp(s: string): boolean {
  return /^[0-9.]+$/.test(s) || s.includes(':');
}

/**
 * One CEF line for an alert. Signature id: the model name for breaches, "incident", or
 * "action:<kind>"; severity is the score over ten. Extension keys are from the CEF dictionary
 * (rt, src, shost, suser, dst, dhost, act, outcome, msg, externalId, cs1-cs3, cn1, cnt, start, end).
 */
export function formatCef(a: Alert, f: CefFormat = DEFAULT_CEF_FORMAT): string {
  const sig = a.type === 'breach' ? a.breach.model : a.type === 'incident' ? 'incident' : `action:${a.action.action}`;
  const severity = Math.min(10, Math.round(alertScore(a) / 10));
  const fields: [string, string | number][] = [
    ['rt', alertTime(a)],
    ['externalId', alertId(a)],
    ['cat', a.type],
  ];
  const addEntity = (kind: string, id: string, side: 's' | 'd') => {
    if (kind === 'device') fields.push(isIp(id) ? [side === 's' ? 'src' : 'dst', id] : [`${side}host`, id]);
    else if (kind === 'user' || kind === 'agent') fields.push([`${side}user`, id]);
    else if (kind === 'endpoint') fields.push(isIp(id) ? [side === 's' ? 'src' : 'dst', id] : [`${side}host`, id]);
  };
  if (a.type === 'breach') {
    addEntity(a.breach.entity.kind, a.breach.entity.id, 's');
    const r = a.breach.related.find((x) => x.kind === 'endpoint');
    if (r) addEntity(r.kind, r.id, 'd');
    fields.push(['cn1Label', 'score'], ['cn1', a.breach.score]);
    if (a.breach.mitre.length > 0) fields.push(['cs1Label', 'mitre'], ['cs1', a.breach.mitre.join(',')]);
  } else if (a.type === 'incident') {
    const i = a.incident;
    const first = i.entities[0];
    if (first) addEntity(first.kind, first.id, 's');
    fields.push(
      ['start', i.start],
      ['end', i.end],
      ['cnt', i.breaches.length],
      ['cn1Label', 'score'],
      ['cn1', i.score],
    );
    if (i.mitre.tactics.length > 0) fields.push(['cs1Label', 'tactics'], ['cs1', i.mitre.tactics.join(',')]);
  } else {
    const x = a.action;
    addEntity(x.target.kind, x.target.id, 'd');
    fields.push(['act', x.action], ['outcome', x.status], ['start', x.start], ['end', x.expires]);
    fields.push(['cs2Label', 'rule'], ['cs2', x.rule], ['cs3Label', 'mode'], ['cs3', x.mode]);
  }
  fields.push(['msg', alertText(a)]);
  const extension = fields.map(([k, v]) => `${k}=${ext(v)}`).join(' ');
  return `CEF:0|${header(f.vendor)}|${header(f.product)}|${header(f.version)}|${header(sig)}|${header(alertName(a))}|${severity}|${extension}`;
}
