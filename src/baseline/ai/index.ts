import type { Event, EventKind } from '../../events/event.js';
import type { BaselineComponent, BaselineOptions } from '../component.js';
import type { Prevalence } from '../prevalence.js';

/** Pattern of life for the ai domain. Placeholder until its issue lands. */
export class AiBaseline implements BaselineComponent<Record<string, never>> {
  readonly name = 'ai';
  readonly observes: readonly EventKind[] = [];
  constructor(
    readonly options: BaselineOptions,
    readonly prevalence: Prevalence,
  ) {}
  observe(_event: Event): void {}
  snapshot(): Record<string, never> {
    return {};
  }
  restore(_state: Record<string, never>): void {}
}
