import type { AiPromptEvent } from '../../events/event.js';
import { promptTopics } from './prompt-topics.js';
import { resourceArea } from './resource-area.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Per actor, at most this many distinct apps / models / tools / areas / categories are remembered. */
const MAX_THINGS_PER_ACTOR = 256;
/** Beyond this many prompts in the last hour the exact count stops mattering. */
const MAX_RECENT = 10_000;

/**
 * The pattern of life of one human or agent in AI tools: when and how much they prompt, which AI
 * apps and models, tools and resource areas they use, what the detectors find in their prompts and,
 * for agents, for whom they act. Maps hold `thing -> last seen` (event time).
 */
export interface AiActorProfile {
  type: 'human' | 'agent';
  firstSeen: number;
  lastSeen: number;
  prompts: number;
  /** Prompts by hour of the week (0 = Sunday 00:00 UTC). */
  hourOfWeek: number[];
  /** Hour index (time / 1 h) -> prompts in that hour, over the learning window. */
  hours: Map<number, number>;
  /** Day index (time / 1 d) -> prompts that day, over the learning window. */
  days: Map<number, number>;
  /** Event times of the last hour, oldest first. */
  recent: number[];
  apps: Map<string, number>;
  models: Map<string, number>;
  tools: Map<string, number>;
  areas: Map<string, number>;
  /** Finding category -> prompts that had it. */
  categories: Map<string, number>;
  /** Topic (prompt-topics.ts: `policy:credential_theft`, `business:source_code`, `credential`) -> last seen. */
  topics: Map<string, number>;
  /** Agents: the users they acted for. */
  forUsers: Map<string, number>;
}

export function newActorProfile(type: 'human' | 'agent', time: number): AiActorProfile {
  return {
    type,
    firstSeen: time,
    lastSeen: time,
    prompts: 0,
    hourOfWeek: new Array<number>(168).fill(0),
    hours: new Map(),
    days: new Map(),
    recent: [],
    apps: new Map(),
    models: new Map(),
    tools: new Map(),
    areas: new Map(),
    categories: new Map(),
    topics: new Map(),
    forUsers: new Map(),
  };
}

/** Learn one prompt event into a profile; `windowMs` bounds the hourly and daily history. */
export function learnPrompt(p: AiActorProfile, e: AiPromptEvent, windowMs: number): void {
  const t = e.time;
  if (t < p.firstSeen) p.firstSeen = t;
  if (t > p.lastSeen) p.lastSeen = t;
  p.prompts++;
  const hourIdx = Math.floor(t / HOUR_MS);
  const dayIdx = Math.floor(t / DAY_MS);
  p.hourOfWeek[hourOfWeek(t)]!++;
  p.hours.set(hourIdx, (p.hours.get(hourIdx) ?? 0) + 1);
  p.days.set(dayIdx, (p.days.get(dayIdx) ?? 0) + 1);
  if (p.hours.size > windowMs / HOUR_MS + 48) pruneBefore(p.hours, Math.floor((t - windowMs) / HOUR_MS));
  if (p.days.size > windowMs / DAY_MS + 2) pruneBefore(p.days, Math.floor((t - windowMs) / DAY_MS));
  p.recent.push(t);
  trimRecent(p, t);
  if (p.recent.length > MAX_RECENT) p.recent.splice(0, p.recent.length - MAX_RECENT);
  if (e.app !== undefined) remember(p.apps, e.app.toLowerCase(), t);
  if (e.model !== undefined) remember(p.models, e.model.toLowerCase(), t);
  if (e.tools !== undefined) for (const tool of e.tools) remember(p.tools, tool.toLowerCase(), t);
  if (e.resources !== undefined) for (const r of e.resources) remember(p.areas, resourceArea(r), t);
  const fs = e.findings;
  if (fs !== undefined) {
    for (let i = 0; i < fs.length; i++) {
      const c = fs[i]!.category;
      // Count each category once per prompt: a prompt with three emails is one personal-data prompt.
      let repeat = false;
      for (let j = 0; j < i && !repeat; j++) repeat = fs[j]!.category === c;
      if (!repeat) p.categories.set(c, (p.categories.get(c) ?? 0) + 1);
    }
    for (const topic of promptTopics(fs)) remember(p.topics, topic, t);
  }
  if (e.onBehalfOf !== undefined) remember(p.forUsers, e.onBehalfOf, t);
}

/** Prompts in the hour up to and including `now`. */
export function promptsInLastHour(p: AiActorProfile, now: number): number {
  let n = 0;
  for (let i = p.recent.length - 1; i >= 0; i--) {
    const t = p.recent[i]!;
    if (t <= now - HOUR_MS) break;
    if (t <= now) n++;
  }
  return n;
}

/**
 * The actor's usual busiest hour: the 95th percentile of prompts per active hour over the window,
 * leaving out the hour just before `now` (the one being judged). 0 when there is no history.
 */
export function usualHourlyPeak(
  p: AiActorProfile,
  now: number,
  windowMs: number,
): { p95: number; activeHours: number } {
  const from = Math.floor((now - windowMs) / HOUR_MS);
  const until = Math.floor((now - HOUR_MS) / HOUR_MS);
  const counts: number[] = [];
  for (const [h, c] of p.hours) if (h >= from && h < until) counts.push(c);
  if (counts.length === 0) return { p95: 0, activeHours: 0 };
  counts.sort((a, b) => a - b);
  return { p95: counts[Math.min(counts.length - 1, Math.floor(counts.length * 0.95))]!, activeHours: counts.length };
}

/** Prompts on the UTC day of `now`, up to `now`'s learning (the profile has not learnt the current prompt). */
export function promptsToday(p: AiActorProfile, now: number): number {
  return p.days.get(Math.floor(now / DAY_MS)) ?? 0;
}

/** The actor's usual busiest day: the 95th percentile of prompts per active day before today. */
export function usualDailyPeak(p: AiActorProfile, now: number, windowMs: number): { p95: number; activeDays: number } {
  const from = Math.floor((now - windowMs) / DAY_MS);
  const today = Math.floor(now / DAY_MS);
  const counts: number[] = [];
  for (const [d, c] of p.days) if (d >= from && d < today) counts.push(c);
  if (counts.length === 0) return { p95: 0, activeDays: 0 };
  counts.sort((a, b) => a - b);
  return { p95: counts[Math.min(counts.length - 1, Math.floor(counts.length * 0.95))]!, activeDays: counts.length };
}

/** Days with at least one prompt in the window before `now`. */
export function activeDays(p: AiActorProfile, now: number, windowMs: number): number {
  const from = Math.floor((now - windowMs) / DAY_MS);
  const today = Math.floor(now / DAY_MS);
  let n = 0;
  for (const d of p.days.keys()) if (d >= from && d < today) n++;
  return n;
}

export function hourOfWeek(t: number): number {
  const d = new Date(t);
  return d.getUTCDay() * 24 + d.getUTCHours();
}

function trimRecent(p: AiActorProfile, now: number): void {
  let i = 0;
  while (i < p.recent.length && p.recent[i]! <= now - HOUR_MS) i++;
  if (i > 0) p.recent.splice(0, i);
}

function remember(m: Map<string, number>, key: string, t: number): void {
  const prev = m.get(key);
  if (prev === undefined && m.size >= MAX_THINGS_PER_ACTOR) dropOldest(m);
  if (prev === undefined || t > prev) m.set(key, t);
}

function dropOldest(m: Map<string, number>): void {
  let oldestKey: string | undefined;
  let oldest = Number.POSITIVE_INFINITY;
  for (const [k, t] of m) {
    if (t < oldest) {
      oldest = t;
      oldestKey = k;
    }
  }
  if (oldestKey !== undefined) m.delete(oldestKey);
}

function pruneBefore(m: Map<number, number>, cutoff: number): void {
  for (const k of m.keys()) if (k < cutoff) m.delete(k);
}

/** Plain, JSON-ready form of a profile for snapshots. */
export interface AiActorProfileSnapshot {
  type: 'human' | 'agent';
  firstSeen: number;
  lastSeen: number;
  prompts: number;
  hourOfWeek: number[];
  hours: [number, number][];
  days: [number, number][];
  recent: number[];
  apps: [string, number][];
  models: [string, number][];
  tools: [string, number][];
  areas: [string, number][];
  categories: [string, number][];
  /** Absent in snapshots of older builds. */
  topics?: [string, number][];
  forUsers: [string, number][];
}

export function snapshotProfile(p: AiActorProfile): AiActorProfileSnapshot {
  return {
    type: p.type,
    firstSeen: p.firstSeen,
    lastSeen: p.lastSeen,
    prompts: p.prompts,
    hourOfWeek: p.hourOfWeek.slice(),
    hours: [...p.hours],
    days: [...p.days],
    recent: p.recent.slice(),
    apps: [...p.apps],
    models: [...p.models],
    tools: [...p.tools],
    areas: [...p.areas],
    categories: [...p.categories],
    topics: [...p.topics],
    forUsers: [...p.forUsers],
  };
}

export function restoreProfile(s: AiActorProfileSnapshot): AiActorProfile {
  return {
    type: s.type,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    prompts: s.prompts,
    hourOfWeek: s.hourOfWeek.slice(),
    hours: new Map(s.hours),
    days: new Map(s.days),
    recent: s.recent.slice(),
    apps: new Map(s.apps),
    models: new Map(s.models),
    tools: new Map(s.tools),
    areas: new Map(s.areas),
    categories: new Map(s.categories),
    topics: new Map(s.topics ?? []),
    forUsers: new Map(s.forUsers),
  };
}
