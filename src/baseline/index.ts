import { EVENT_KINDS, type Event } from '../events/event.js';
import { AiBaseline } from './ai/index.js';
import type { BaselineComponent, BaselineOptions } from './component.js';
import { EntityRegistry, type EntityRegistrySnapshot } from './entities.js';
import { IdentityBaseline } from './identity/index.js';
import { NetworkBaseline } from './network/index.js';
import { Prevalence, type PrevalenceSnapshot } from './prevalence.js';
import type { BaselineView } from './view.js';

export interface BaselineSnapshot {
  version: 1;
  entities: EntityRegistrySnapshot;
  prevalence: PrevalenceSnapshot;
  components: Record<string, unknown>;
}

/** All pattern-of-life state, built from options; the engine owns one. */
export class Baselines implements BaselineView {
  readonly entities: EntityRegistry;
  readonly prevalence: Prevalence;
  readonly network: NetworkBaseline;
  readonly identity: IdentityBaseline;
  readonly ai: AiBaseline;
  private readonly components: BaselineComponent[];
  /** Components to call per event kind, precomputed so the hot path does no filtering. */
  private readonly byKind = new Map<string, BaselineComponent[]>();

  constructor(readonly options: BaselineOptions) {
    this.entities = new EntityRegistry(options.maxEntities);
    this.prevalence = new Prevalence({ windowMs: options.learningWindowMs, maxThings: options.maxThings });
    this.network = new NetworkBaseline(options, this.prevalence);
    this.identity = new IdentityBaseline(options, this.prevalence);
    this.ai = new AiBaseline(options, this.prevalence);
    this.components = [this.network, this.identity, this.ai];
    for (const kind of EVENT_KINDS) {
      this.byKind.set(
        kind,
        this.components.filter((c) => c.observes.includes(kind)),
      );
    }
  }

  observe(event: Event): void {
    this.entities.observe(event.entity, event.time);
    const cs = this.byKind.get(event.kind);
    if (cs === undefined) return;
    for (let i = 0; i < cs.length; i++) cs[i]!.observe(event);
  }

  snapshot(): BaselineSnapshot {
    const components: Record<string, unknown> = {};
    for (const c of this.components) components[c.name] = c.snapshot();
    return {
      version: 1,
      entities: this.entities.snapshot(),
      prevalence: this.prevalence.snapshot(),
      components,
    };
  }

  restore(snap: BaselineSnapshot): void {
    this.entities.restore(snap.entities);
    this.prevalence.restore(snap.prevalence);
    for (const c of this.components) {
      if (c.name in snap.components) c.restore(snap.components[c.name]);
    }
  }
}
