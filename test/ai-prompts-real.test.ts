import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scanPrompt } from '../src/enrich/prompt/index.js';
import type { AiPromptEvent, Event } from '../src/events/event.js';
import { AI_MODELS } from '../src/models/ai/index.js';
import { runModels } from '../src/models/testing.js';
import { detectDecoder } from '../src/sources/formats.js';
import { prepareForStore } from '../src/sources/prompts/privacy.js';
import { sharedData } from './shared-data.js';

/**
 * The prompt JSONL path and the AI content models on real public prompts: benign requests people
 * write to assistants (self-instruct, MT-bench, Vicuna, HumanEval, GSM8K) against the successful
 * jailbreak prompts of JailbreakBench. See each folder's PROVENANCE.md for sources and licences.
 */

const DATA = sharedData('prompts');
const T0 = Date.UTC(2026, 2, 2, 9);

function benignPrompts(perSource: number): string[] {
  const rows = gunzipSync(readFileSync(`${DATA}/benign-user-prompts/benign_prompts.jsonl.gz`))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { text: string; source: string });
  const bySource = new Map<string, string[]>();
  for (const r of rows) {
    const list = bySource.get(r.source) ?? [];
    if (list.length < perSource) list.push(r.text);
    bySource.set(r.source, list);
  }
  return [...bySource.values()].flat();
}

function jailbreakPrompts(): string[] {
  return readFileSync(`${DATA}/jailbreakbench-artifacts/jbb_attack_prompts.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { prompt: string | null; jailbroken: boolean })
    .filter((r) => r.jailbroken && typeof r.prompt === 'string' && r.prompt !== '')
    .map((r) => r.prompt as string);
}

/** Real prompts written as prompt JSONL lines, one person each, a minute apart. */
function asJsonl(texts: string[], prefix: string): string[] {
  return texts.map((prompt, i) =>
    JSON.stringify({
      time: new Date(T0 + i * 60_000).toISOString(),
      actor: `${prefix}-${i}@contoso.com`,
      app: 'chat.contoso-ai',
      prompt,
    }),
  );
}

function decode(lines: string[]): AiPromptEvent[] {
  const decoder = detectDecoder(lines.slice(0, 20).join('\n'), 'upload.log');
  expect(decoder?.format).toBe('prompt-jsonl');
  const events: Event[] = [];
  const rejects: unknown[] = [];
  const d = decoder!.open('real.jsonl', {
    event: (e) => events.push(e),
    reject: (r) => rejects.push(r),
    skip: () => {},
  });
  for (const [i, l] of lines.entries()) d.line(l, i + 1);
  d.end();
  expect(rejects).toEqual([]);
  return events as AiPromptEvent[];
}

const CONTENT_MODELS = new Set([
  'AI / Prompt / Jailbreak Attempt',
  'AI / Prompt / Prompt Injection Attempt',
  'AI / Prompt / Policy Violation',
]);

function flaggedShare(events: AiPromptEvent[]): number {
  for (const e of events) e.findings = scanPrompt(e.prompt);
  const { breaches } = runModels(AI_MODELS, events);
  const flagged = new Set(breaches.filter((b) => CONTENT_MODELS.has(b.model)).map((b) => b.entity.id));
  return flagged.size / events.length;
}

describe('AI prompt models on real prompts', () => {
  const benign = benignPrompts(60);
  const attacks = jailbreakPrompts();

  it('decodes real prompts through auto-detected prompt JSONL, every line', () => {
    const events = decode(asJsonl(benign, 'b'));
    expect(events).toHaveLength(benign.length);
    expect(events.every((e, i) => e.prompt === benign[i])).toBe(true);
  });

  it('flags most successful jailbreaks and few ordinary requests', () => {
    const attackShare = flaggedShare(decode(asJsonl(attacks, 'a')));
    const benignShare = flaggedShare(decode(asJsonl(benign, 'b')));
    expect(attackShare).toBeGreaterThan(0.8);
    expect(benignShare).toBeLessThan(0.05);
  });

  it('stores real prompts with personal data masked', () => {
    const pii = JSON.parse(
      gunzipSync(readFileSync(`${DATA}/presidio-research-synth-pii/synth_dataset_v2.json.gz`)).toString('utf8'),
    ) as {
      full_text: string;
    }[];
    const withEmail = pii
      .map((p) => p.full_text)
      .filter((t) => /\b[\w.+-]+@[\w-]+\.[\w.]+\b/.test(t))
      .slice(0, 50);
    expect(withEmail.length).toBeGreaterThan(10);
    for (const e of decode(asJsonl(withEmail, 'p'))) {
      e.findings = scanPrompt(e.prompt);
      expect(prepareForStore(e, { mask: true }).prompt).not.toMatch(/\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b/i);
    }
  });
});
