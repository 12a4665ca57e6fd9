import type { AiPromptEvent, Event, EventKind } from '../../events/event.js';
import type { BaselineComponent, BaselineOptions } from '../component.js';
import type { Prevalence, PrevalenceReading } from '../prevalence.js';
import {
  type AiActorProfile,
  type AiActorProfileSnapshot,
  learnPrompt,
  newActorProfile,
  restoreProfile,
  snapshotProfile,
} from './actor-profile.js';
import { OrgContext, type OrgContextSnapshot } from './org-context.js';
import { promptTopics } from './prompt-topics.js';
import { resourceArea } from './resource-area.js';

/** How long messages are remembered for the "manager asked for it" context. */
const MESSAGE_MEMORY_MS = 7 * 86_400_000;

/** Prefixes of this component's keys in the shared, organisation-wide Prevalence. */
export const AI_PREVALENCE = {
  app: 'ai-app:',
  tool: 'ai-tool:',
  area: 'ai-area:',
  /** `ai-area@<department>:<area>`, touched by the department's people. */
  departmentArea: 'ai-area@',
  topic: 'ai-topic:',
  /** `ai-topic@<department>:<topic>`, raised by the department's people. */
  departmentTopic: 'ai-topic@',
} as const;

export interface AiBaselineSnapshot {
  firstSeen?: number;
  actors: [string, AiActorProfileSnapshot][];
  org: OrgContextSnapshot;
}

/**
 * Pattern of life for AI use, for humans and agents alike: prompt volume by hour and day, AI apps
 * and models, tools and resource areas, finding categories and topics, and for agents the people
 * they act for. The directory and message trace give each person's peers and what their manager
 * recently asked of them. Organisation-wide rarity (of AI apps, tools, areas, and areas within a
 * department, and of topics, also within a department) goes to the shared Prevalence under the
 * `ai-*` prefixes.
 */
export class AiBaseline implements BaselineComponent<AiBaselineSnapshot> {
  readonly name = 'ai';
  readonly observes: readonly EventKind[] = ['ai.prompt', 'org.directory', 'org.message'];
  readonly org = new OrgContext(MESSAGE_MEMORY_MS);
  private readonly actors = new Map<string, AiActorProfile>();
  /** The first AI event seen: how long the AI baseline has been learning. */
  private firstSeen: number | undefined;

  constructor(
    readonly options: BaselineOptions,
    readonly prevalence: Prevalence,
  ) {}

  observe(event: Event): void {
    if (event.kind === 'ai.prompt') this.learnPrompt(event);
    else if (event.kind === 'org.directory') this.org.learnDirectory(event);
    else if (event.kind === 'org.message') this.org.learnMessage(event);
  }

  /** The profile of a user (lower-cased UPN) or agent id, as learnt so far. */
  actor(id: string): AiActorProfile | undefined {
    return this.actors.get(id);
  }

  /** Since when AI activity has been learnt (event time), undefined before the first prompt. */
  get learningSince(): number | undefined {
    return this.firstSeen;
  }

  /** Distinct actors that used an AI app in the learning window. */
  appPrevalence(app: string, now: number): PrevalenceReading {
    return this.prevalence.read(AI_PREVALENCE.app + app.toLowerCase(), now);
  }

  toolPrevalence(tool: string, now: number): PrevalenceReading {
    return this.prevalence.read(AI_PREVALENCE.tool + tool.toLowerCase(), now);
  }

  /** Distinct actors that touched a resource area through AI in the window. */
  areaPrevalence(area: string, now: number): PrevalenceReading {
    return this.prevalence.read(AI_PREVALENCE.area + area, now);
  }

  /** Distinct people of `department` who touched a resource area through AI in the window. */
  departmentAreaPrevalence(department: string, area: string, now: number): PrevalenceReading {
    return this.prevalence.read(`${AI_PREVALENCE.departmentArea}${department.toLowerCase()}:${area}`, now);
  }

  /** Distinct actors whose prompts raised a topic (prompt-topics.ts) in the window. */
  topicPrevalence(topic: string, now: number): PrevalenceReading {
    return this.prevalence.read(AI_PREVALENCE.topic + topic, now);
  }

  /** Distinct people of `department` whose prompts raised a topic in the window. */
  departmentTopicPrevalence(department: string, topic: string, now: number): PrevalenceReading {
    return this.prevalence.read(`${AI_PREVALENCE.departmentTopic}${department.toLowerCase()}:${topic}`, now);
  }

  /** Number of distinct actors of a type with a profile. */
  actorCount(type: 'human' | 'agent'): number {
    let n = 0;
    for (const p of this.actors.values()) if (p.type === type) n++;
    return n;
  }

  private learnPrompt(e: AiPromptEvent): void {
    if (this.firstSeen === undefined || e.time < this.firstSeen) this.firstSeen = e.time;
    let p = this.actors.get(e.actor);
    if (p === undefined) {
      p = newActorProfile(e.actorType, e.time);
      this.actors.set(e.actor, p);
    }
    learnPrompt(p, e, this.options.learningWindowMs);
    const prev = this.prevalence;
    if (e.app !== undefined) prev.touch(AI_PREVALENCE.app + e.app.toLowerCase(), e.actor, e.time);
    if (e.tools !== undefined)
      for (const t of e.tools) prev.touch(AI_PREVALENCE.tool + t.toLowerCase(), e.actor, e.time);
    const dept = e.actorType === 'human' ? this.org.entry(e.actor)?.department?.toLowerCase() : undefined;
    for (const topic of promptTopics(e.findings)) {
      prev.touch(AI_PREVALENCE.topic + topic, e.actor, e.time);
      if (dept !== undefined) prev.touch(`${AI_PREVALENCE.departmentTopic}${dept}:${topic}`, e.actor, e.time);
    }
    if (e.resources !== undefined) {
      for (const r of e.resources) {
        const area = resourceArea(r);
        prev.touch(AI_PREVALENCE.area + area, e.actor, e.time);
        if (dept !== undefined) prev.touch(`${AI_PREVALENCE.departmentArea}${dept}:${area}`, e.actor, e.time);
      }
    }
  }

  snapshot(): AiBaselineSnapshot {
    const actors: [string, AiActorProfileSnapshot][] = [];
    for (const [id, p] of this.actors) actors.push([id, snapshotProfile(p)]);
    const s: AiBaselineSnapshot = { actors, org: this.org.snapshot() };
    if (this.firstSeen !== undefined) s.firstSeen = this.firstSeen;
    return s;
  }

  restore(state: AiBaselineSnapshot): void {
    this.actors.clear();
    for (const [id, p] of state.actors) this.actors.set(id, restoreProfile(p));
    this.org.restore(state.org);
    this.firstSeen = state.firstSeen;
  }
}
