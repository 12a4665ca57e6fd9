import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectDecoder } from '../src/sources/formats.js';
import { sharedData } from './shared-data.js';

/**
 * The AI and directory decoders (prompt JSONL, OTLP GenAI, Graph users, message trace) sniff by
 * content; on the shared real Microsoft 365 and Zeek logs they must never be chosen.
 */
const MINE = new Set(['prompt-jsonl', 'otlp-genai-json', 'graph-users-json', 'exchange-message-trace']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = `${dir}/${f}`;
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.md') ? [] : [p];
  });
}

describe('AI decoders do not take other formats', () => {
  it.each(files(sharedData('m365')).concat(files(sharedData('zeek'))))('%s', (path) => {
    const head = readFileSync(path).subarray(0, 16_384).toString('utf8').split('\n').slice(0, 50).join('\n');
    const chosen = detectDecoder(head, path)?.format;
    expect(chosen === undefined || !MINE.has(chosen)).toBe(true);
  });
});
