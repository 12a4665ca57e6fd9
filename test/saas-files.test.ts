import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { Event } from '../src/events/event.js';
import { openFileSource } from '../src/sources/files/index.js';
import type { Reject } from '../src/store/store.js';
import { sharedData } from './shared-data.js';

const DATA = `${sharedData('m365')}/`;

async function readAll(path: string) {
  const src = openFileSource(path);
  const events: Event[] = [];
  const rejects: Reject[] = [];
  for (let b = await src.next(); b !== null; b = await src.next()) {
    events.push(...b.events);
    rejects.push(...b.rejects);
  }
  await src.close();
  return { events, rejects };
}

const kinds = (events: Event[]) => events.map((e) => e.kind);

/** The real files as they are, through the file source with content sniffing (no --format). */
describe('Microsoft 365 / Entra files through the file source, format sniffed', () => {
  test('Log Analytics SigninLogs export (JSON lines)', async () => {
    const { events, rejects } = await readAll(`${DATA}msticpy-aad-signinlogs/aad_signinlogs.jsonl`);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(86);
    expect(new Set(kinds(events))).toEqual(new Set(['saas.login']));
  });

  test('Log Analytics AuditLogs, OfficeActivity and Defender exports', async () => {
    const aad = await readAll(`${DATA}otrf-goldensaml-simuland/AADAuditEvents.ndjson`);
    expect(kinds(aad.events)).toEqual(['saas.admin', 'saas.admin', 'saas.admin', 'saas.admin']);
    const office = await readAll(`${DATA}otrf-goldensaml-simuland/OfficeActivityEvents.json`);
    expect(kinds(office.events)).toEqual(['saas.mail']);
    const defender = await readAll(`${DATA}otrf-goldensaml-simuland/Microsoft365DefenderEvents.ndjson`);
    expect(defender.events).toHaveLength(9);
    expect([...aad.rejects, ...office.rejects, ...defender.rejects]).toEqual([]);
  });

  test('Purview CSV export and a gzipped, pretty-printed UAL JSON array', async () => {
    const csv = await readAll('test/fixtures/m365/purview-audit-export.csv');
    expect(csv.rejects).toEqual([]);
    expect(csv.events).toHaveLength(8);
    const dir = mkdtempSync(join(tmpdir(), 'telltale-m365-'));
    const records = readFileSync(`${DATA}o365-mgmt-api-docs-examples/o365_mgmt_api_doc_examples.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).record);
    const file = join(dir, 'audit-export.json.gz');
    writeFileSync(file, gzipSync(JSON.stringify(records, null, 2)));
    const gz = await readAll(file);
    expect(gz.rejects).toEqual([]);
    expect(gz.events).toHaveLength(12);
    expect(kinds(gz.events).filter((k) => k === 'saas.login')).toHaveLength(2);
  });
});
