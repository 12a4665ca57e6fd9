import { createHash } from 'node:crypto';
import type { Incident } from '../analyst/incident.js';
import type { EntityRef } from '../events/event.js';
import { AllowList } from '../models/allowlist.js';
import type { Breach } from '../models/breach.js';
import type { Action, ActionDecision, ActionKind, ActionMode, ActionStatus } from './action.js';
import { type ResponseConfig, responseConfigSchema } from './config.js';
import { clear, confirm, expire, extend, fail, isLive } from './lifecycle.js';
import type { AnyResponseRule, Proposal, RuleContext } from './rule.js';
import { DEFAULT_RULES } from './rules/index.js';

export interface ResponsePolicyOptions {
  /** Parsed `response` section of the configuration. */
  config: ResponseConfig;
  rules: AnyResponseRule[];
  /** Tags of an entity (from the directory or configuration), for allow-lists and tag rules. */
  tagsOf: (entity: EntityRef) => readonly string[];
}

const PRUNE_EVERY_MS = 3_600_000;

const MODE_RANK: Record<ActionMode, number> = { observe: 0, human_confirmation: 1, autonomous: 2 };

const STATUS_OF_MODE: Record<ActionMode, ActionStatus> = {
  observe: 'proposed',
  human_confirmation: 'awaiting_confirmation',
  autonomous: 'active',
};

interface LoadedRule {
  rule: AnyResponseRule;
  ctx: RuleContext;
  allow: AllowList;
  mode?: ActionMode;
  durationMs?: number;
}

interface PolicySnapshot {
  live: Action[];
  history: [string, number[]][];
  suppressed: [string, number][];
}

/** The same action on the same target: what escalation, extension and suppression are counted by. */
function actionKey(action: ActionKind, target: EntityRef): string {
  return action + '\u0000' + target.kind + '\u0000' + target.id;
}

/**
 * Decides which actions breaches and incidents lead to (pure, event time): each response rule
 * proposes; the policy drops what the allow-list protects or a clearing suppresses, sets the mode
 * (the rule's, capped by `maxMode`) and the duration (longer for repeat offenders, capped), extends
 * an action already in force instead of repeating it, and expires actions as event time passes.
 */
export class ResponsePolicy {
  private readonly config: ResponseConfig;
  private readonly rules: LoadedRule[] = [];
  private readonly allow: AllowList;
  private readonly tagsOf: (entity: EntityRef) => readonly string[];
  private readonly live = new Map<string, Action>();
  /** actionKey -> start times of earlier actions, for escalation. */
  private readonly history = new Map<string, number[]>();
  /** actionKey -> until when a clearing suppresses it. */
  private readonly suppressed = new Map<string, number>();
  private lastPrune = Number.NEGATIVE_INFINITY;
  readonly counters = { proposed: 0, allowListed: 0, suppressed: 0, extended: 0 };

  constructor(opts: Partial<ResponsePolicyOptions> = {}) {
    this.config = opts.config ?? responseConfigSchema.parse({});
    this.tagsOf = opts.tagsOf ?? (() => []);
    this.allow = new AllowList(this.config.allow);
    for (const rule of opts.rules ?? DEFAULT_RULES) {
      const s = this.config.rules[rule.meta.name];
      if (s?.enabled === false) continue;
      this.rules.push({
        rule,
        ctx: {
          params: { ...rule.meta.thresholds, ...(s?.thresholds ?? {}) },
          tags: s?.tags ?? rule.meta.tags ?? [],
          tagsOf: this.tagsOf,
        },
        allow: new AllowList(s?.allow ?? []),
        mode: s?.mode,
        durationMs: s?.duration,
      });
    }
  }

  /** The rules in force, with their metadata (for `telltale models` and the UI). */
  ruleNames(): string[] {
    return this.rules.map((r) => r.rule.meta.name);
  }

  onBreach(breach: Breach): Action[] {
    const out: Action[] = [];
    for (const r of this.rules) for (const p of r.rule.onBreach?.(breach, r.ctx) ?? []) this.propose(r, p, out);
    return out;
  }

  onIncident(incident: Incident): Action[] {
    if (incident.mergedInto !== undefined) return [];
    const out: Action[] = [];
    for (const r of this.rules) for (const p of r.rule.onIncident?.(incident, r.ctx) ?? []) this.propose(r, p, out);
    return out;
  }

  /** Advance event time; returns actions whose status changed (expiry). */
  advance(time: number): Action[] {
    const out: Action[] = [];
    for (const [key, a] of this.live) {
      if (a.expires > time) continue;
      const done = expire(a, time);
      this.live.delete(key);
      out.push(done);
    }
    // Escalation memory and suppressions are days long: pruning them hourly is plenty.
    if (time - this.lastPrune < PRUNE_EVERY_MS) return out;
    this.lastPrune = time;
    const forget = time - this.config.escalation.memory;
    for (const [key, starts] of this.history) {
      const kept = starts.filter((t) => t >= forget);
      if (kept.length === 0) this.history.delete(key);
      else this.history.set(key, kept);
    }
    for (const [key, until] of this.suppressed) if (until <= time) this.suppressed.delete(key);
    return out;
  }

  /** Live actions (proposed, awaiting confirmation, active, extended). */
  liveActions(): Action[] {
    return [...this.live.values()];
  }

  getAction(id: string): Action | undefined {
    for (const a of this.live.values()) if (a.id === id) return a;
    return undefined;
  }

  /** A person confirms an action awaiting confirmation: it comes into force. */
  confirm(id: string, who: string, time: number, why?: string): Action | undefined {
    return this.update(id, (a) => confirm(a, who, time, why));
  }

  /** A person lifts an action; the same action on the same target stays suppressed until it would have expired. */
  clear(id: string, who: string, why: string, time: number): Action | undefined {
    const a = this.getAction(id);
    if (a === undefined) return undefined;
    const key = actionKey(a.action, a.target);
    this.suppressed.set(key, Math.max(this.suppressed.get(key) ?? 0, a.expires));
    const done = clear(a, who, why, time);
    this.live.delete(key);
    return done;
  }

  extend(id: string, until: number, who: string, why: string, time: number): Action | undefined {
    return this.update(id, (a) => extend(a, until, who, why, time));
  }

  /**
   * A person's decision from the API or UI, so that the policy stays the one owner of action state
   * (its later extensions and expiry carry the decision). Undefined when the action is not live.
   */
  decide(d: ActionDecision): Action | undefined {
    switch (d.decision) {
      case 'confirm':
        return this.confirm(d.id, d.who, d.time, d.reason);
      case 'clear':
        return this.clear(d.id, d.who, d.reason, d.time);
      case 'extend':
        return this.extend(d.id, d.until ?? d.time, d.who, d.reason, d.time);
    }
  }

  /** An executor could not carry it out. */
  fail(id: string, actor: string, why: string, time: number): Action | undefined {
    const a = this.getAction(id);
    if (a === undefined) return undefined;
    this.live.delete(actionKey(a.action, a.target));
    return fail(a, actor, why, time);
  }

  snapshot(): unknown {
    const snap: PolicySnapshot = {
      live: [...this.live.values()],
      history: [...this.history],
      suppressed: [...this.suppressed],
    };
    return structuredClone(snap);
  }

  restore(state: unknown): void {
    const snap = structuredClone(state) as Partial<PolicySnapshot>;
    this.live.clear();
    this.history.clear();
    this.suppressed.clear();
    for (const a of snap.live ?? []) this.live.set(actionKey(a.action, a.target), a);
    for (const [k, v] of snap.history ?? []) this.history.set(k, v);
    for (const [k, v] of snap.suppressed ?? []) this.suppressed.set(k, v);
  }

  private update(id: string, change: (a: Action) => Action): Action | undefined {
    const a = this.getAction(id);
    if (a === undefined) return undefined;
    const next = change(a);
    const key = actionKey(a.action, a.target);
    if (isLive(next)) this.live.set(key, next);
    else this.live.delete(key);
    return next;
  }

  private modeOf(r: LoadedRule, kind: ActionKind): ActionMode {
    const wanted = r.mode ?? r.rule.meta.modeOf?.[kind] ?? r.rule.meta.mode;
    const cap = this.config.maxMode;
    return MODE_RANK[wanted] <= MODE_RANK[cap] ? wanted : cap;
  }

  private propose(r: LoadedRule, p: Proposal, out: Action[]): void {
    const tags = this.tagsOf(p.target);
    if (this.allow.matches(p.target.id, tags) || (!r.allow.empty && r.allow.matches(p.target.id, tags))) {
      this.counters.allowListed++;
      return;
    }
    let scope = p.scope;
    if (scope?.endpoints !== undefined) {
      const endpoints = ([] as string[])
        .concat(scope.endpoints)
        .filter((e) => !this.allow.matches(e) && (r.allow.empty || !r.allow.matches(e)));
      if (endpoints.length === 0) {
        this.counters.allowListed++;
        return;
      }
      scope = { ...scope, endpoints };
    }
    const key = actionKey(p.action, p.target);
    const suppressedUntil = this.suppressed.get(key);
    if (suppressedUntil !== undefined && p.time < suppressedUntil) {
      this.counters.suppressed++;
      return;
    }
    const base = r.durationMs ?? r.rule.meta.durationOf?.[p.action] ?? r.rule.meta.durationMs;
    const existing = this.live.get(key);
    if (existing !== undefined && p.time < existing.expires) {
      this.reinforce(existing, p, base, scope, out);
      return;
    }
    // Lapsed but not yet advanced past: it ends (and says so) before its successor replaces it.
    if (existing !== undefined) out.push(expire(existing, existing.expires));
    const earlier = (this.history.get(key) ?? []).filter((t) => t >= p.time - this.config.escalation.memory);
    const { factor, maxDuration } = this.config.escalation;
    const duration = Math.min(maxDuration, base * factor ** earlier.length);
    const mode = this.modeOf(r, p.action);
    const status = STATUS_OF_MODE[mode];
    const id =
      'a-' +
      createHash('sha1')
        .update(`${r.rule.meta.name}\u0000${key}\u0000${p.time}\u0000${p.reason.join(',')}`)
        .digest('hex')
        .slice(0, 20);
    const repeat =
      earlier.length > 0
        ? `; repeat ${earlier.length + 1} within ${Math.round(this.config.escalation.memory / 86_400_000)} days, duration ${formatDuration(duration)}`
        : '';
    const action: Action = {
      id,
      action: p.action,
      target: p.target,
      ...(scope === undefined ? {} : { scope }),
      mode,
      reason: [...p.reason],
      rule: r.rule.meta.name,
      start: p.time,
      expires: p.time + duration,
      status,
      audit: [{ time: p.time, actor: 'policy', to: status, reason: `${r.rule.meta.name}: ${p.why}${repeat}` }],
    };
    this.history.set(key, [...earlier, p.time]);
    this.live.set(key, action);
    this.counters.proposed++;
    out.push(action);
  }

  /** The same action on the same target while it is live: extend it and widen its scope. */
  private reinforce(existing: Action, p: Proposal, base: number, scope: Action['scope'], out: Action[]): void {
    const until = p.time + base;
    const reason = [...new Set([...existing.reason, ...p.reason])];
    const merged = mergeScope(existing.scope, scope);
    const widened = JSON.stringify(merged) !== JSON.stringify(existing.scope);
    if (until <= existing.expires && !widened && reason.length === existing.reason.length) return;
    const why = `${p.why}; extended until ${new Date(Math.max(until, existing.expires)).toISOString()}`;
    const next = { ...extend(existing, until, 'policy', why, p.time), reason, ...(merged ? { scope: merged } : {}) };
    this.live.set(actionKey(existing.action, existing.target), next);
    this.counters.extended++;
    out.push(next);
  }
}

/** Lists (endpoints) are united; single values the action lacks (a rule name found later) are added. */
function mergeScope(a: Action['scope'], b: Action['scope']): Action['scope'] {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out: Record<string, string | string[]> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const have = out[k];
    if (have === undefined) out[k] = v;
    else if (Array.isArray(have) || Array.isArray(v))
      out[k] = [...new Set([...([] as string[]).concat(have), ...([] as string[]).concat(v)])];
  }
  return out;
}

function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 60_000)} min`;
}
