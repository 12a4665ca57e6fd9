import { describe, expect, it } from 'vitest';
import type { Event } from '../events/event.js';
import { csvCell, exportChunks } from './export.js';

async function* once(events: Event[]): AsyncIterable<readonly Event[]> {
  yield events;
}

async function text(events: Event[], format: 'csv' | 'json'): Promise<string> {
  let out = '';
  for await (const chunk of exportChunks(once(events), format)) out += chunk;
  return out;
}

describe('CSV export cells', () => {
  it('neutralise text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x.example","click")')).toBe('"\'=HYPERLINK(""http://x.example"",""click"")"');
    expect(csvCell('+cmd|/c calc')).toBe("'+cmd|/c calc");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
  });

  it('leave ordinary text and numbers as they are', () => {
    expect(csvCell('alice@contoso.com')).toBe('alice@contoso.com');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(443)).toBe('443');
    expect(csvCell(undefined)).toBe('');
  });

  it('apply to every column of an exported event, the JSON copy keeping the exact value', async () => {
    const e = {
      kind: 'saas.login',
      time: Date.UTC(2026, 2, 12, 9),
      source: { input: 'test', line: 1 },
      entity: { kind: 'user', id: '=1+1@contoso.com' },
      user: '=1+1@contoso.com',
      ip: '192.0.2.44',
      success: true,
    } as unknown as Event;
    const [header, row] = (await text([e], 'csv')).split('\r\n');
    expect(header).toBe('time,kind,entity,src,srcPort,dst,dstPort,user,event');
    const cells = row!.split(',');
    expect(cells[2]).toBe("'=1+1@contoso.com");
    expect(cells[7]).toBe("'=1+1@contoso.com");
    expect(JSON.parse(await text([e], 'json'))[0].user).toBe('=1+1@contoso.com');
  });
});
