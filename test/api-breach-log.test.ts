import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { device, makeBreach } from '../src/analyst/breachFixture.js';
import { configSchema } from '../src/config/schema.js';
import type { Breach } from '../src/models/breach.js';
import { createServer, type FirstStartCredentials } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';
import type { Store } from '../src/store/store.js';

const MODEL = 'Compromise::Beaconing Activity To External Rare';
const T0 = Date.UTC(2026, 2, 12, 9);
/** More than the server reads from the store at a time, so pages cross its chunks. */
const N = 1300;

let store: Store;
let app: FastifyInstance;
let admin: { authorization: string };
let all: Breach[];

beforeAll(async () => {
  store = await openStore(':memory:');
  // Every third breach is of the scanner 10.0.0.9, which the allow-list covers.
  all = Array.from({ length: N }, (_, i) =>
    makeBreach({
      model: MODEL,
      time: T0 + i * 1000,
      entity: device(i % 3 === 0 ? '10.0.0.9' : `10.0.1.${i % 50}`),
      score: 60,
    }),
  );
  await store.commit({ breaches: all });
  const announced: FirstStartCredentials[] = [];
  app = await createServer({
    store,
    config: configSchema.parse({}),
    logger: false,
    webRoot: false,
    announce: (c) => announced.push(c),
  });
  admin = { authorization: `Bearer ${announced[0]!.token}` };
  const put = await app.inject({
    method: 'PUT',
    url: `/api/models/${encodeURIComponent(MODEL)}`,
    headers: admin,
    payload: { allow: ['10.0.0.9'] },
  });
  expect(put.statusCode).toBe(200);
});

afterAll(async () => {
  await app.close();
  await store.close();
});

async function page(query: string): Promise<{ breaches: Breach[]; more: boolean }> {
  const r = await app.inject({ method: 'GET', url: `/api/breaches?${query}`, headers: admin });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

describe('the breach log, paged', () => {
  it('leaves allow-listed breaches out before paging: every page is full until the last', async () => {
    const visible = all.filter((b) => b.entity.id !== '10.0.0.9').sort((a, b) => b.time - a.time);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 250) {
      const p = await page(`limit=250&offset=${offset}`);
      seen.push(...p.breaches.map((b) => b.id));
      if (!p.more) {
        expect(p.breaches.length).toBeLessThanOrEqual(250);
        break;
      }
      expect(p.breaches.length).toBe(250);
    }
    expect(seen).toEqual(visible.map((b) => b.id));
  });

  it('shows allow-listed breaches when asked, paged the same way', async () => {
    const first = await page('limit=1000&includeAllowListed=true');
    expect(first.breaches).toHaveLength(1000);
    expect(first.more).toBe(true);
    const rest = await page('limit=1000&offset=1000&includeAllowListed=true');
    expect(rest.breaches).toHaveLength(N - 1000);
    expect(rest.more).toBe(false);
    expect(first.breaches.some((b) => b.entity.id === '10.0.0.9')).toBe(true);
  });

  it('applies the filters with the allow-list', async () => {
    const p = await page('limit=10&entity=10.0.1.7');
    expect(p.breaches.length).toBeGreaterThan(0);
    expect(p.breaches.every((b) => b.entity.id === '10.0.1.7')).toBe(true);
    expect((await page('limit=10&entity=10.0.0.9')).breaches).toEqual([]);
  });
});
