import type { Config, SourceConfig } from '../config/schema.js';
import { groupRotatedFiles, SequentialSource } from '../engine/merge.js';
import { expandInputs } from '../sources/files/index.js';
import type { EventSource } from '../sources/source.js';
import { openZeekDirSource } from '../sources/tail/zeekDirSource.js';
import type { Store } from '../store/store.js';
import { ResumableFileSource } from './resumable-file-source.js';

export interface ConfiguredSources {
  /** Followed as they come (live logs, API pollers): each batch is near the present. */
  live: EventSource[];
  /** Read once (files): merged in event-time order, like a replay. */
  finite: EventSource[];
}

/** Open every source the configuration names. All of them checkpoint through the store. */
export async function openConfiguredSources(config: Config, store: Store): Promise<ConfiguredSources> {
  const out: ConfiguredSources = { live: [], finite: [] };
  for (const s of config.sources) await openSource(s, store, out);
  return out;
}

async function openSource(s: SourceConfig, store: Store, out: ConfiguredSources): Promise<void> {
  switch (s.type) {
    case 'zeek':
    case 'files':
      if (s.follow) {
        const format = s.type === 'files' && s.format !== undefined ? { format: s.format } : {};
        out.live.push(openZeekDirSource(s.path, store, { pollIntervalMs: s.pollInterval, ...format }));
      } else {
        out.finite.push(...(await filesOnce(s.path, store, s.type === 'files' ? s.format : undefined)));
      }
      return;
    case 'm365-management-api':
    case 'entra-signins': {
      const { openApiSource } = await import('./api-sources.js');
      out.live.push(await openApiSource(s, store));
      return;
    }
  }
}

/** Files read once, in event-time order across logs, each resumable after a restart. */
async function filesOnce(path: string, store: Store, format?: string): Promise<EventSource[]> {
  const paths = await expandInputs([path]);
  return groupRotatedFiles(paths).map(
    (g) =>
      new SequentialSource(
        g[0]!,
        g.map((p) => () => new ResumableFileSource(p, store, format)),
      ),
  );
}
