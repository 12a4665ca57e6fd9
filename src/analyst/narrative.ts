import type { EntityRef } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { ModelMeta } from '../models/model.js';
import type { AlertRateSignal } from './alertRate.js';
import { endpointHost } from './links.js';
import { type Tactic, tacticsOf, tacticsReached } from './mitre.js';

export type DescribeModel = (name: string) => Pick<ModelMeta, 'falsePositives'> | undefined;

export interface Narrative {
  title: string;
  summary: string;
}

type Theme = 'exfiltration' | 'command_and_control' | 'account_takeover' | 'risky_ai' | 'reconnaissance' | 'unusual';

const THEME_TITLE: Record<Theme, string> = {
  exfiltration: 'Possible data exfiltration',
  command_and_control: 'Possible command and control',
  account_takeover: 'Possible account takeover',
  risky_ai: 'Risky AI activity',
  reconnaissance: 'Possible internal reconnaissance',
  unusual: 'Unusual activity',
};

/** How many steps the account lists before summarising the rest: a whole Microsoft 365 takeover (13 models) fits. */
const MAX_STEPS = 20;
/** How many benign causes it lists. */
const MAX_BENIGN = 6;

/** The domain a model belongs to, from the prefix of its product name (DESIGN §4). */
export function modelDomain(model: string): 'network' | 'saas' | 'ai' | 'response' {
  if (model.startsWith('SaaS /') || model.startsWith('IaaS /')) return 'saas';
  if (model.startsWith('AI /')) return 'ai';
  if (model.startsWith('Response /')) return 'response';
  return 'network';
}

export function formatTime(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function entityLabel(e: EntityRef): string {
  return e.kind + ' ' + e.id;
}

function themesOf(breaches: readonly Breach[]): Theme[] {
  // Network tactics name the network themes; a SaaS account compromise is a takeover whatever its
  // techniques (mail forwarding is exfiltration too, but the account is what to act on).
  const netTactics = new Set(
    tacticsOf(breaches.filter((b) => modelDomain(b.model) === 'network').flatMap((b) => b.mitre)).map(
      (t) => t.shortName,
    ),
  );
  const domains = new Set(breaches.map((b) => modelDomain(b.model)));
  const themes: Theme[] = [];
  const saasAccess = breaches.some(
    (b) =>
      modelDomain(b.model) === 'saas' && (/Compromise|Access|Login/.test(b.model) || b.mitre.includes('T1078.004')),
  );
  if (saasAccess) themes.push('account_takeover');
  if (netTactics.has('exfiltration')) themes.push('exfiltration');
  if (netTactics.has('command-and-control')) themes.push('command_and_control');
  if (domains.has('ai')) themes.push('risky_ai');
  // Discovery from a device (a scan of the internal network) is a step that usually comes after a foothold.
  if (netTactics.has('discovery')) themes.push('reconnaissance');
  if (themes.length === 0) themes.push('unusual');
  return themes;
}

/** The entity most breaches are about (ties: the earliest), then the others in order of appearance. */
function entitiesByWeight(breaches: readonly Breach[]): EntityRef[] {
  const counts = new Map<string, { e: EntityRef; n: number; first: number }>();
  breaches.forEach((b, i) => {
    const k = b.entity.kind + ':' + b.entity.id;
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { e: b.entity, n: 1, first: i });
  });
  return [...counts.values()].sort((a, b) => b.n - a.n || a.first - b.first).map((c) => c.e);
}

function endpointsOf(breaches: readonly Breach[]): string[] {
  const out = new Set<string>();
  for (const b of breaches) for (const r of b.related) if (r.kind === 'endpoint') out.add(endpointHost(r.id));
  return [...out];
}

function listWords(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : shown.slice(0, -1).join(', ') + ' and ' + shown.at(-1);
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Longest evidence text quoted in the account; the breach itself keeps it whole. */
const MAX_FACT = 160;

function clip(text: string): string {
  return text.length <= MAX_FACT ? text : text.slice(0, MAX_FACT - 1) + '…';
}

/** Consecutive breaches of one model (a spray over many accounts, a burst on one device) tell one step. */
function steps(ordered: readonly Breach[]): Breach[][] {
  const groups: Breach[][] = [];
  for (const b of ordered) {
    const last = groups.at(-1);
    if (last !== undefined && last[0]!.model === b.model) last.push(b);
    else groups.push([b]);
  }
  return groups;
}

function stepLine(group: readonly Breach[], n: number): string {
  const first = group[0]!;
  const last = group.at(-1)!;
  const when =
    first.time === last.time ? formatTime(first.time) : `${formatTime(first.time)} to ${formatTime(last.time)}`;
  const entities = [...new Set(group.map((b) => b.entity.id))];
  const who =
    entities.length === 1 ? entities[0]! : `${entities.length} ${first.entity.kind}s (${listWords(entities)})`;
  const top = Math.max(...group.map((b) => b.score));
  const times = group.length > 1 ? `, ${group.length} times` : '';
  // Most summaries open with their entity: naming it again before them reads as a stutter.
  const said = entities.length === 1 && first.summary.startsWith(who);
  return `${n}. ${when} ${said ? '' : `${who}: `}${first.summary} [${first.model}, score ${top}${times}]`;
}

function whyUnusual(b: Breach): string | undefined {
  const facts = b.evidence
    .filter((ev) => ev.baseline !== undefined)
    .slice(0, 2)
    .map((ev) => `${ev.label} ${clip(String(ev.value))} (normal: ${clip(ev.baseline!)})`);
  if (facts.length === 0) {
    const first = b.evidence[0];
    if (first === undefined) return undefined;
    facts.push(`${first.label} ${clip(String(first.value))}`);
  }
  return `${b.model}: ${facts.join('; ')}.`;
}

function nextSteps(themes: readonly Theme[], main: EntityRef, breaches: readonly Breach[], start: number): string[] {
  const endpoints = endpointsOf(breaches);
  const where = endpoints.length > 0 ? listWords(endpoints) : 'the external endpoints in the evidence';
  const user = main.kind === 'user' ? main.id : (breaches.find((b) => b.entity.kind === 'user')?.entity.id ?? main.id);
  const device =
    main.kind === 'device' ? main.id : (breaches.find((b) => b.entity.kind === 'device')?.entity.id ?? main.id);
  const steps: string[] = [];
  for (const t of themes) {
    if (t === 'exfiltration')
      steps.push(`Establish what data left ${device} for ${where} and whether the transfer was authorised.`);
    if (t === 'command_and_control')
      steps.push(
        `Find the process on ${device} that contacts ${where}, block those endpoints and check whether other devices reached them; reimage the device if malware is confirmed.`,
      );
    if (t === 'account_takeover')
      steps.push(
        `Ask ${user} whether the sign-ins and changes since ${formatTime(start)} were theirs; if not, revoke their sessions, reset the password, re-register MFA, and review inbox rules, OAuth consents and mail sent since then.`,
      );
    if (t === 'risky_ai')
      steps.push(
        `Review the prompts of ${user} in the AI tools named in the evidence; hold further prompts if they continue and rotate any credentials or data they exposed.`,
      );
    if (t === 'reconnaissance')
      steps.push(
        `Ask who ran a scan from ${device}; if nobody did, find the process behind it, hold the device to its pattern of life and check the scanned hosts for connections from it that carried data.`,
      );
    if (t === 'unusual')
      steps.push(`Review the evidence of each step with the owner of ${main.id} and confirm whether it was expected.`);
  }
  return steps;
}

/**
 * The tactics in the order the attack reached them; when the furthest along the kill chain was not
 * reached last (exfiltration seen before the beacon behind it), that is said too.
 */
function tacticsLine(ordered: readonly Breach[], tactics: readonly Tactic[]): string {
  const reached = tacticsReached(ordered);
  if (reached.length === 0) return '';
  let furthest = reached[0]!.tactic;
  for (const t of tactics) if (t.order > furthest.order) furthest = t;
  const last = reached.at(-1)!.tactic;
  const note = furthest !== last ? ` (furthest along the kill chain: ${furthest.name})` : '';
  return `, reaching in turn ${reached.map((r) => r.tactic.name).join(' → ')}${note}`;
}

/**
 * The title and the plain-language account of an incident, from its evidence by fixed templates:
 * what happened in order, why it is unusual (the baseline numbers), what could make it benign (the
 * models' known false positives), and what to do next. Deterministic: same breaches, same words.
 */
export function buildNarrative(
  breaches: readonly Breach[],
  tactics: readonly Tactic[],
  signals: readonly AlertRateSignal[],
  describeModel: DescribeModel,
): Narrative {
  const ordered = [...breaches].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
  const first = ordered[0];
  const last = ordered.at(-1);
  if (first === undefined || last === undefined) return { title: 'Empty incident', summary: '' };
  const themes = themesOf(ordered);
  const entities = entitiesByWeight(ordered);
  const main = entities[0]!;
  const others = entities.length - 1;
  const domains = [...new Set(ordered.map((b) => modelDomain(b.model)).filter((d) => d !== 'response'))];
  const title =
    `${THEME_TITLE[themes[0]!]} on ${main.id}` +
    (others > 0 ? ` and ${plural(others, 'other entity', 'other entities')}` : '') +
    (domains.length > 1
      ? ` across ${listWords(domains.map((d) => (d === 'ai' ? 'AI' : d === 'saas' ? 'SaaS' : d)))}`
      : '');

  const lines: string[] = [];
  const chain = tacticsLine(ordered, tactics);
  lines.push(
    `What happened: between ${formatTime(first.time)} and ${formatTime(last.time)}, ${plural(ordered.length, 'breach', 'breaches')} of ${plural(new Set(ordered.map((b) => b.model)).size, 'model')} on ${listWords(entities.map(entityLabel))}${chain}.`,
  );
  const groups = steps(ordered);
  groups.slice(0, MAX_STEPS).forEach((g, i) => {
    lines.push(stepLine(g, i + 1));
  });
  if (groups.length > MAX_STEPS) {
    const rest = groups.slice(MAX_STEPS).reduce((n, g) => n + g.length, 0);
    lines.push(`... and ${rest} more breaches.`);
  }
  for (const s of signals) {
    lines.push(
      `${formatTime(s.time)} ${s.entity.id}: ${s.count} breaches of ${plural(s.models, 'model')} in one day against a typical ${s.typicalPerDay} a day over the previous ${s.historyDays} days [${s.name}].`,
    );
  }

  const why: string[] = [];
  const seenModels = new Set<string>();
  for (const b of ordered) {
    if (seenModels.has(b.model)) continue;
    seenModels.add(b.model);
    const w = whyUnusual(b);
    if (w) why.push(w);
  }
  if (why.length > 0) lines.push('Why it is unusual: ' + why.join(' '));

  const benign = new Set<string>();
  for (const m of seenModels) for (const fp of describeModel(m)?.falsePositives ?? []) benign.add(fp);
  lines.push(
    benign.size > 0
      ? 'What could make it benign: ' + [...benign].slice(0, MAX_BENIGN).join('; ') + '.'
      : 'What could make it benign: no known benign cause is recorded for these models.',
  );
  lines.push('What to do next: ' + nextSteps(themes, main, ordered, first.time).join(' '));
  return { title, summary: lines.join('\n') };
}
