import type { SourceConfig } from '../config/schema.js';
import { GraphSignInSource } from '../sources/entra/graph-signins.js';
import { ManagementActivitySource } from '../sources/m365/management-api.js';
import type { EventSource } from '../sources/source.js';
import type { Store } from '../store/store.js';

/** The Microsoft 365 Management Activity API and Entra ID sign-in pollers, resuming from the store. */
export async function openApiSource(
  s: Extract<SourceConfig, { type: 'm365-management-api' | 'entra-signins' }>,
  store: Store,
): Promise<EventSource> {
  if (s.type === 'm365-management-api') {
    const checkpoint = await store.getCheckpoint(`m365:${s.tenantId}`);
    return new ManagementActivitySource(s, checkpoint);
  }
  const checkpoint = await store.getCheckpoint(`entra:${s.tenantId}`);
  return new GraphSignInSource(s, checkpoint);
}
