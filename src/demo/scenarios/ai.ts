import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AiPromptEvent, Event } from '../../events/event.js';
import { at } from '../timeline.js';
import { SAAS_VICTIM } from './saas.js';

/**
 * AI misuse around the takeover: the hijacked account pastes a poisoned e-mail (indirect prompt
 * injection), tries two real jailbreak prompts and leaks a cloud key; another user pastes customer
 * card data into an AI tool nobody has used; an unknown agent identity appears; and one account
 * fires prompts at a machine's pace. The attack texts are real, from public benchmarks
 * (data/demo/scenarios/attack-prompts.json and its PROVENANCE).
 */

interface AttackTexts {
  jailbreak: { text: string };
  roleplay_jailbreak: { text: string };
  indirect_injection: { text: string };
}

const SOURCE = 'demo:scenario/ai';
const APP = 'chat.seccxp.ai';

/** Shaped like an AWS key pair, made up for the demo (not the documentation example, not a real key). */
const LEAKED_CONFIG =
  'Why does this fail with AccessDenied?\n\n[default]\naws_access_key_id = AKIA4DEMOQ7TLLT3XKZP\n' +
  'aws_secret_access_key = 9dQx2vLh7TqR0sWk4NzpYb3mEa8fJc6uGi1oVtHs\nregion = eu-west-1';

const CARD_RECORDS =
  'Clean up this customer list into a table with name, card and expiry:\n' +
  'Ana Popescu 4111 1111 1111 1111 exp 09/28\nJonas Weber 5555 5555 5555 4444 exp 01/27\n' +
  'Lea Martin 4012 8888 8888 1881 exp 11/26';

export async function aiScenario(demoDir: string): Promise<Event[]> {
  const texts = JSON.parse(await readFile(join(demoDir, 'scenarios', 'attack-prompts.json'), 'utf8')) as AttackTexts;
  let n = 0;
  const prompt = (time: number, actor: string, text: string, extra: Partial<AiPromptEvent> = {}): AiPromptEvent => {
    n++;
    const actorType = extra.actorType ?? 'human';
    return {
      kind: 'ai.prompt',
      time,
      source: { input: SOURCE, line: n },
      entity: { kind: actorType === 'agent' ? 'agent' : 'user', id: actor },
      actor,
      actorType,
      app: APP,
      model: 'gpt-4o',
      session: `demo-${actor}`,
      prompt: text,
      ...extra,
    };
  };
  const out: Event[] = [
    prompt(at(24), SAAS_VICTIM, texts.indirect_injection.text),
    prompt(at(25), SAAS_VICTIM, texts.jailbreak.text),
    prompt(at(26), SAAS_VICTIM, texts.roleplay_jailbreak.text),
    prompt(at(27), SAAS_VICTIM, LEAKED_CONFIG),
    prompt(at(40), 'seb@seccxp.ninja', CARD_RECORDS, { app: 'free-notes-ai.example' }),
  ];
  for (let i = 0; i < 6; i++) {
    out.push(
      prompt(at(45, i * 30), 'mailbox-summariser', 'Summarise the newest messages in the shared finance mailbox.', {
        actorType: 'agent',
        tools: ['outlook.read', 'sharepoint.search'],
        resources: ['exchange:/finance@seccxp.ninja/Inbox'],
      }),
    );
  }
  for (let i = 0; i < 90; i++) {
    out.push(prompt(at(50, i * 8), 'ctfuser3@seccxp.ninja', `Translate row ${i + 1} of the export into French.`));
  }
  return out;
}
