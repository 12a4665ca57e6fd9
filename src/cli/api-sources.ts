import type { SourceConfig } from '../config/schema.js';
import type { EventSource } from '../sources/source.js';
import type { Store } from '../store/store.js';
import { UsageError } from './usage-error.js';

/** The Microsoft 365 / Entra ID API pollers. */
export function openApiSource(
  s: Extract<SourceConfig, { type: 'm365-management-api' | 'entra-signins' }>,
  _store: Store,
): EventSource {
  throw new UsageError(`source type ${s.type} is not wired into telltale run yet`);
}
