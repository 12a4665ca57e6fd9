import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.js';

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'telltale-config-'));

  it('gives safe defaults with no file: loopback, 60 s reorder window, 30 day learning', () => {
    const c = loadConfig(undefined, {});
    expect(c.server.host).toBe('127.0.0.1');
    expect(c.engine.reorderWindow).toBe(60_000);
    expect(c.baseline.learningWindow).toBe(30 * 86_400_000);
    expect(c.sources).toEqual([]);
  });

  it('reads YAML with durations and sources, and lets the environment override the store', () => {
    const f = join(dir, 'a.yaml');
    writeFileSync(
      f,
      'engine:\n  reorderWindow: 5m\nsources:\n  - type: zeek\n    path: /var/log/zeek/current\nmodels:\n  "Compromise::Beaconing Activity To External Rare":\n    allow: ["*.windowsupdate.com"]\n',
    );
    const c = loadConfig(f, { TELLTALE_STORE: '/tmp/x.db' });
    expect(c.engine.reorderWindow).toBe(300_000);
    expect(c.sources[0]).toMatchObject({ type: 'zeek', path: '/var/log/zeek/current', follow: true });
    expect(c.models['Compromise::Beaconing Activity To External Rare']?.allow).toEqual(['*.windowsupdate.com']);
    expect(c.store.path).toBe('/tmp/x.db');
  });

  it('names the file and the field of an invalid setting', () => {
    const f = join(dir, 'b.yaml');
    writeFileSync(f, 'server:\n  port: 99999\n');
    expect(() => loadConfig(f, {})).toThrow(ConfigError);
    expect(() => loadConfig(f, {})).toThrow(/b\.yaml[\s\S]*server\.port/);
  });
});

describe('telltale.example.yaml', () => {
  it('is a valid configuration', () => {
    const c = loadConfig(new URL('../../telltale.example.yaml', import.meta.url).pathname, {});
    expect(c.sources[0]).toMatchObject({ type: 'zeek' });
    expect(c.server.port).toBe(7878);
  });
});
