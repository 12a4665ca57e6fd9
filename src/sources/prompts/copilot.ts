import type { AiPromptEvent, SourceRef } from '../../events/event.js';

/**
 * A Microsoft 365 unified audit log `CopilotInteraction` record (RecordType 261, Workload Copilot)
 * as an `ai.prompt` event. The audit record says who asked which Copilot host, the files and
 * plug-ins used and the model, but not the prompt text (that lives in Purview eDiscovery), so
 * `prompt` is empty and the models judge the behaviour, not the words.
 *
 * Fields read: CreationTime (UTC without a zone), UserId, Id, CopilotEventData.{AppHost, ThreadId,
 * Contexts[].Id, AccessedResources[].{Id,SiteUrl,Name}, AISystemPlugin[].{Name,Id},
 * ModelTransparencyDetails[].ModelName}, AgentId / AgentName (agent interactions).
 * Returns undefined for any other record, or one without a user or time.
 */
export function decodeCopilotInteraction(record: unknown, source: SourceRef): AiPromptEvent | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const r = record as Record<string, unknown>;
  if (r.Operation !== 'CopilotInteraction') return undefined;
  const time = ualTime(r.CreationTime);
  const user = typeof r.UserId === 'string' && r.UserId !== '' ? r.UserId.toLowerCase() : undefined;
  if (time === undefined || user === undefined) return undefined;
  const data = (
    typeof r.CopilotEventData === 'object' && r.CopilotEventData !== null ? r.CopilotEventData : {}
  ) as Record<string, unknown>;
  const agent = str(r.AgentId) ?? str(r.AgentName) ?? str(data.AgentId) ?? str(data.AgentName);
  const host = str(data.AppHost);
  const ev: AiPromptEvent = {
    kind: 'ai.prompt',
    time,
    source: typeof r.Id === 'string' && source.cursor === undefined ? { ...source, cursor: r.Id } : source,
    entity: agent !== undefined ? { kind: 'agent', id: agent.toLowerCase() } : { kind: 'user', id: user },
    actor: agent !== undefined ? agent.toLowerCase() : user,
    actorType: agent !== undefined ? 'agent' : 'human',
    app: host !== undefined ? `Microsoft 365 Copilot (${host})` : 'Microsoft 365 Copilot',
    prompt: '',
  };
  if (agent !== undefined) ev.onBehalfOf = user;
  const thread = str(data.ThreadId);
  if (thread !== undefined) ev.session = thread;
  const model = firstOf(data.ModelTransparencyDetails, (m) => str(m.ModelName));
  if (model !== undefined) ev.model = model;
  const tools = listOf(data.AISystemPlugin, (p) => str(p.Name) ?? str(p.Id));
  if (tools.length > 0) ev.tools = tools;
  const resources = [
    ...listOf(data.AccessedResources, (a) => str(a.SiteUrl) ?? str(a.Id) ?? str(a.Name)),
    ...listOf(data.Contexts, (c) => str(c.Id)),
  ];
  if (resources.length > 0) ev.resources = [...new Set(resources)];
  return ev;
}

/** UAL times are UTC but usually written without a zone ("2023-12-13T17:12:36"). */
function ualTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
  return Number.isNaN(t) ? undefined : t;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function listOf(v: unknown, pick: (o: Record<string, unknown>) => string | undefined): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const x of v) {
    if (x === null || typeof x !== 'object') continue;
    const p = pick(x as Record<string, unknown>);
    if (p !== undefined) out.push(p);
  }
  return out;
}

function firstOf(v: unknown, pick: (o: Record<string, unknown>) => string | undefined): string | undefined {
  return listOf(v, pick)[0];
}
