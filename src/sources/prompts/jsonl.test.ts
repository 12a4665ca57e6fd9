import { describe, expect, it } from 'vitest';
import type { Event } from '../../events/event.js';
import type { Reject } from '../../store/store.js';
import { promptJsonlDecoder } from './jsonl.js';

function decode(lines: string[]): { events: Event[]; rejects: Reject[] } {
  const events: Event[] = [];
  const rejects: Reject[] = [];
  const d = promptJsonlDecoder.open('prompts.jsonl', {
    event: (e) => events.push(e),
    reject: (r) => rejects.push(r),
    skip: () => {},
  });
  for (const [i, l] of lines.entries()) d.line(l, i + 1);
  d.end();
  return { events, rejects };
}

const FULL =
  '{"time":"2026-03-12T09:14:03Z","actor":"Alice@Contoso.com","actor_type":"human","app":"chat.contoso-ai","model":"gpt-4o","session":"s-81","prompt":"Summarise Q1","response":"ok","tools":["sharepoint.search"],"resources":["sharepoint:/sites/finance/q1.xlsx"]}';

describe('prompt JSONL decoder', () => {
  it('decodes the DESIGN example with every field', () => {
    const { events, rejects } = decode([FULL]);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.kind).toBe('ai.prompt');
    if (e.kind !== 'ai.prompt') return;
    expect(e.time).toBe(Date.parse('2026-03-12T09:14:03Z'));
    expect(e.actor).toBe('alice@contoso.com');
    expect(e.entity).toEqual({ kind: 'user', id: 'alice@contoso.com' });
    expect(e.tools).toEqual(['sharepoint.search']);
    expect(e.resources).toEqual(['sharepoint:/sites/finance/q1.xlsx']);
    expect(e.source).toEqual({ input: 'prompts.jsonl', line: 1 });
  });

  it('needs only time, actor and prompt; agents become agent entities', () => {
    const { events } = decode(['{"time":1773306843000,"actor":"bot-7","actor_type":"agent","prompt":"hi"}']);
    expect(events[0]?.entity).toEqual({ kind: 'agent', id: 'bot-7' });
  });

  it('rejects with a clear reason and the line number', () => {
    const { events, rejects } = decode([
      '{"actor":"a","prompt":"x"}',
      '{"time":"2026-03-12T09:14:03Z","prompt":"x"}',
      '{"time":"2026-03-12T09:14:03Z","actor":"a"}',
      'not json',
      '{"time":"2026-03-12T09:14:03Z","actor":"a","prompt":"x","actor_type":"robot"}',
      '{"time":"2026-03-12T09:14:03Z","actor":"a","prompt":"x","tools":"search"}',
      '',
    ]);
    expect(events).toEqual([]);
    expect(rejects.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rejects[0]!.reason).toMatch(/time/);
    expect(rejects[1]!.reason).toMatch(/actor/);
    expect(rejects[2]!.reason).toMatch(/prompt/);
    expect(rejects[3]!.reason).toMatch(/JSON/);
    expect(rejects[4]!.reason).toMatch(/actor_type/);
    expect(rejects[5]!.reason).toMatch(/tools/);
  });

  it('sniffs prompt lines and not other JSON lines', () => {
    expect(promptJsonlDecoder.sniff(FULL + '\n', 'x.log')).toBeGreaterThanOrEqual(0.5);
    expect(promptJsonlDecoder.sniff('{"ts":1,"uid":"C1","id.orig_h":"10.0.0.1"}\n', 'conn.log')).toBe(0);
    expect(promptJsonlDecoder.sniff('#separator \\x09\n', 'conn.log')).toBe(0);
  });
});

describe('prompt JSONL rejects', () => {
  const PROMPT = 'Refund card 4539 1488 0343 6467 for john.smith@contoso.com about project Bluebird';
  it('keeps the fields that were wrong, but not the prompt or the response of a record that parsed', () => {
    const { rejects } = decode([
      JSON.stringify({ time: 'yesterday', actor: 'ann@c.com', prompt: PROMPT, response: 'Done for john.smith' }),
      JSON.stringify({ time: '2026-03-12T09:14:03Z', actor: 'ann@c.com', actor_type: 'robot', prompt: PROMPT }),
    ]);
    expect(rejects).toHaveLength(2);
    for (const r of rejects) {
      expect(r.text).not.toMatch(/4539|john\.smith|Bluebird|Refund/);
      expect(r.text).toMatch(/\[PROMPT: 81 characters\]/);
    }
    expect(rejects[0]!.text).toContain('"time":"yesterday"');
    expect(rejects[1]!.text).toContain('"actor_type":"robot"');
  });

  it('masks personal data and secrets in a line that is not JSON, even where the cut falls inside one', () => {
    const line = `${'x'.repeat(168)} {"prompt":"card 4539 1488 0343 6467 key AKIA2OGYBAH6STMMNXNQ"`;
    const { rejects } = decode([line]);
    expect(rejects[0]!.text).toHaveLength(200);
    expect(rejects[0]!.text).not.toMatch(/4539|1488/);
  });
});
