import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The built UI (vite build of web/): TELLTALE_WEB_ROOT when set (a UI built elsewhere, e.g. by the
 * browser tests from the current sources), else beside the sources in a checkout, and beside dist/
 * after a build.
 */
export function defaultWebRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.TELLTALE_WEB_ROOT;
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(join(chosen, 'index.html'))) throw new Error(`TELLTALE_WEB_ROOT ${chosen} holds no index.html`);
    return chosen;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const dir = resolve(here, up, 'web', 'dist');
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

/** Serves the UI; any non-API path that is not a file gets index.html so client-side routes load. */
export async function serveWeb(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).send({ error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
}
