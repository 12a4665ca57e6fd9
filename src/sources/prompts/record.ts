import type { AiPromptEvent, SourceRef } from '../../events/event.js';

/**
 * One prompt record of the DESIGN §3 JSONL schema, already parsed from JSON. Shared by the file
 * decoder and the HTTP ingest so that both accept and reject exactly the same records.
 * Returns the event, or a reason string saying why the record is rejected.
 */
export function promptRecordToEvent(rec: unknown, source: SourceRef): AiPromptEvent | string {
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return 'not a JSON object';
  const r = rec as Record<string, unknown>;
  const time = parseEventTime(r.time);
  if (time === undefined) return 'missing or unparseable "time" (ISO-8601 or epoch milliseconds)';
  if (typeof r.actor !== 'string' || r.actor.trim() === '') return 'missing "actor" (a UPN or agent id)';
  if (typeof r.prompt !== 'string') return 'missing "prompt" (a string)';
  const actorType = r.actor_type ?? 'human';
  if (actorType !== 'human' && actorType !== 'agent') return '"actor_type" must be "human" or "agent"';
  const actor = r.actor.trim().toLowerCase();
  const event: AiPromptEvent = {
    kind: 'ai.prompt',
    time,
    source,
    entity: { kind: actorType === 'agent' ? 'agent' : 'user', id: actor },
    actor,
    actorType,
    prompt: r.prompt,
  };
  const app = optionalString(r.app);
  if (app !== undefined) event.app = app;
  const model = optionalString(r.model);
  if (model !== undefined) event.model = model;
  const session = optionalString(r.session);
  if (session !== undefined) event.session = session;
  if (typeof r.response === 'string') event.response = r.response;
  const tools = stringList(r.tools);
  if (tools === null) return '"tools" must be an array of strings';
  if (tools !== undefined) event.tools = tools;
  const resources = stringList(r.resources);
  if (resources === null) return '"resources" must be an array of strings';
  if (resources !== undefined) event.resources = resources;
  const onBehalfOf = optionalString(r.on_behalf_of);
  if (onBehalfOf !== undefined) event.onBehalfOf = onBehalfOf.toLowerCase();
  return event;
}

/** ISO-8601 text, or a number of epoch milliseconds (or seconds, when it is too small to be ms). */
export function parseEventTime(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v;
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** undefined when absent, null when present but not a list of strings. */
function stringList(v: unknown): string[] | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return null;
  for (const x of v) if (typeof x !== 'string') return null;
  return v as string[];
}
