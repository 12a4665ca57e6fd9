import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventBatchSchema } from '../server/ingest-schema.js';
import { DEMO_LEARN_UNTIL, demoDir, demoSignInText, loadDemo } from './index.js';

describe('loadDemo', async () => {
  const events = await loadDemo();

  it('is small enough to start in seconds and in event-time order', () => {
    expect(events.length).toBeGreaterThan(3000);
    expect(events.length).toBeLessThan(10_000);
    for (let i = 1; i < events.length; i++) expect(events[i]!.time).toBeGreaterThanOrEqual(events[i - 1]!.time);
  });

  it('holds every domain, with benign history before detection starts and attacks after', () => {
    const domains = new Set(events.map((e) => e.kind.split('.')[0]));
    expect([...domains].sort()).toEqual(['ai', 'net', 'saas']);
    const learned = events.filter((e) => e.time < DEMO_LEARN_UNTIL);
    for (const d of ['net.', 'saas.login', 'ai.prompt']) expect(learned.some((e) => e.kind.startsWith(d))).toBe(true);
    const scenario = events.filter((e) => e.source.input.startsWith('demo:scenario/'));
    expect(scenario.length).toBeGreaterThan(100);
    expect(scenario.every((e) => e.time >= DEMO_LEARN_UNTIL)).toBe(true);
  });

  it('comes from the shipped real logs through the product decoders', () => {
    const inputs = new Set(events.map((e) => e.source.input.replace(/^.*data\/demo\//, '')));
    expect(inputs).toContain('saas/signinlogs.2020-05-20.jsonl');
    expect(inputs).toContain('network/conn.2024-04-29-16.log.gz');
    expect(inputs).toContain('prompts/prompts.2020-05-20.jsonl');
  });

  it('ships each upstream licence beside the data it covers', () => {
    const licence = (file: string) => {
      const path = join(demoDir(), file);
      expect(existsSync(path), file).toBe(true);
      return readFileSync(path, 'utf8');
    };
    expect(licence('network/COPYING')).toContain('GNU GENERAL PUBLIC LICENSE');
    expect(licence('saas/LICENSE')).toContain('Copyright (c) Microsoft Corporation.');
    expect(licence('prompts/LICENSE')).toContain('Apache License');
    expect(licence('scenarios/LICENSE-JailbreakBench-artifacts')).toContain('JailbreakBench Team');
    expect(licence('scenarios/LICENSE-microsoft-BIPIA')).toContain('MIT License');
  });

  it('gives events the ingest API would accept', () => {
    for (let i = 0; i < events.length; i += 5000) {
      const r = eventBatchSchema.safeParse({ events: events.slice(i, i + 5000) });
      expect(r.success, r.success ? '' : r.error.message.slice(0, 500)).toBe(true);
    }
  });

  it('tells the user where to go and how to sign in', () => {
    const text = demoSignInText('http://127.0.0.1:7878', { user: 'admin' });
    expect(text).toContain('http://127.0.0.1:7878');
    expect(text).toContain('Sign in as "admin" with the password printed above');
    expect(demoSignInText('http://127.0.0.1:7878')).toContain('printed on the first start');
  });
});
