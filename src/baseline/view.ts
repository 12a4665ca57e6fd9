import type { AiBaseline } from './ai/index.js';
import type { EntityRegistry } from './entities.js';
import type { IdentityBaseline } from './identity/index.js';
import type { NetworkBaseline } from './network/index.js';
import type { Prevalence } from './prevalence.js';

/** What models may read: every domain's pattern of life, as it was before the current event. */
export interface BaselineView {
  entities: EntityRegistry;
  /** Organisation-wide prevalence of things (endpoints, domains, ASNs, apps, user agents...). */
  prevalence: Prevalence;
  network: NetworkBaseline;
  identity: IdentityBaseline;
  ai: AiBaseline;
}
