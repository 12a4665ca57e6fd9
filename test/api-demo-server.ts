import type { FastifyInstance } from 'fastify';
import { DEFAULT_BASELINE_OPTIONS } from '../src/baseline/component.js';
import { configSchema } from '../src/config/schema.js';
import { DEMO_LEARN_UNTIL, loadDemo } from '../src/demo/index.js';
import { Pipeline } from '../src/engine/pipeline.js';
import { createEnricher } from '../src/enrich/index.js';
import { scanPrompt } from '../src/enrich/prompt/index.js';
import { allModels } from '../src/models/registry.js';
import { createServer, type FirstStartCredentials } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

export interface DemoServer {
  app: FastifyInstance;
  store: Store;
  pipeline: Pipeline;
  credentials: FirstStartCredentials;
}

/** The demo run through the whole pipeline into an in-memory store, served as `telltale run` would. */
export async function demoServer(opts: { webRoot?: string | false } = {}): Promise<DemoServer> {
  const store = await openStore(':memory:');
  const pipeline = new Pipeline({
    models: allModels(),
    enrich: createEnricher({ scanPrompt: (text) => scanPrompt(text) }),
    baseline: DEFAULT_BASELINE_OPTIONS,
    reorderWindowMs: 60_000,
    learnUntil: DEMO_LEARN_UNTIL,
    keepEvents: true,
  });
  pipeline.push(await loadDemo());
  pipeline.flush();
  await store.commit(pipeline.takeWrites());
  let credentials: FirstStartCredentials | undefined;
  const app = await createServer({
    store,
    config: configSchema.parse({}),
    baselines: pipeline.baselines,
    logger: false,
    webRoot: opts.webRoot ?? false,
    announce: (c) => {
      credentials = c;
    },
  });
  return { app, store, pipeline, credentials: credentials! };
}
