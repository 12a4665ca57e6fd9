import { z } from 'zod';
import type { EntityRef, Event } from '../events/event.js';

/** Event time as epoch ms or ISO-8601, to epoch ms. */
const time = z
  .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));
const port = z.number().int().min(0).max(65535);
const text = (max = 2048) => z.string().max(max);
const entity = z.object({
  kind: z.enum(['device', 'user', 'agent', 'endpoint', 'app', 'ai-app']),
  id: text(512).min(1),
});
const strings = z.array(text()).max(1000);

const base = {
  time,
  /**
   * The sender's own position (line, cursor) is kept for evidence; `input` is accepted for senders
   * that forward stored events but always replaced by the API principal (see toEvent).
   */
  source: z
    .object({
      input: text(1024).optional(),
      line: z.number().int().positive().optional(),
      cursor: text().optional(),
    })
    .optional(),
  entity: entity.optional(),
};
const net = {
  ...base,
  uid: text(64),
  src: text(64),
  srcPort: port,
  dst: text(64),
  dstPort: port,
  sensor: text(128).optional(),
};
const saas = {
  ...base,
  user: text(512).min(1),
  ip: text(64).optional(),
  operation: text(256),
  workload: text(128).optional(),
  recordId: text(256).optional(),
  tenant: text(128).optional(),
};

/** The canonical Event union (src/events/event.ts) as accepted from outside: strict where it matters. */
const eventSchema = z.discriminatedUnion('kind', [
  z.object({
    ...net,
    kind: z.literal('net.conn'),
    proto: z.enum(['tcp', 'udp', 'icmp', 'unknown']),
    service: text(64).optional(),
    duration: z.number().nonnegative().optional(),
    bytesOut: z.number().int().nonnegative().optional(),
    bytesIn: z.number().int().nonnegative().optional(),
    connState: text(16).optional(),
    localOrig: z.boolean().optional(),
    localResp: z.boolean().optional(),
    history: text(64).optional(),
    origPkts: z.number().int().nonnegative().optional(),
    respPkts: z.number().int().nonnegative().optional(),
  }),
  z.object({
    ...net,
    kind: z.literal('net.http'),
    method: text(32).optional(),
    host: text(512).optional(),
    uri: text(8192).optional(),
    referrer: text(8192).optional(),
    userAgent: text(2048).optional(),
    status: z.number().int().optional(),
    requestBodyLen: z.number().int().nonnegative().optional(),
    responseBodyLen: z.number().int().nonnegative().optional(),
    respMimeTypes: strings.optional(),
  }),
  z.object({
    ...net,
    kind: z.literal('net.tls'),
    serverName: text(512).optional(),
    version: text(32).optional(),
    established: z.boolean().optional(),
    validationStatus: text(256).optional(),
    selfSigned: z.boolean().optional(),
    subject: text().optional(),
    issuer: text().optional(),
    ja3: text(64).optional(),
    ja3s: text(64).optional(),
    certChain: strings.optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('net.x509'),
    certId: text(256),
    subject: text().optional(),
    issuer: text().optional(),
    notValidBefore: z.number().optional(),
    notValidAfter: z.number().optional(),
    sanDns: strings.optional(),
    selfSigned: z.boolean().optional(),
  }),
  z.object({
    ...net,
    kind: z.literal('net.dns'),
    query: text(1024).optional(),
    qtype: text(32).optional(),
    rcode: text(32).optional(),
    answers: strings.optional(),
  }),
  z.object({
    ...net,
    kind: z.literal('net.file'),
    fuid: text(64),
    protocol: text(32).optional(),
    mimeType: text(256).optional(),
    filename: text(1024).optional(),
    size: z.number().int().nonnegative().optional(),
    md5: text(64).optional(),
    sha1: text(64).optional(),
    sha256: text(128).optional(),
  }),
  z.object({
    ...saas,
    kind: z.literal('saas.login'),
    success: z.boolean(),
    failureReason: text().optional(),
    errorCode: z.number().int().optional(),
    app: text(512).optional(),
    clientApp: text(256).optional(),
    userAgent: text().optional(),
    country: text(64).optional(),
    city: text(256).optional(),
    asn: z.number().int().nonnegative().optional(),
    riskLevel: text(64).optional(),
    riskState: text(64).optional(),
    mfa: z.boolean().optional(),
  }),
  z.object({
    ...saas,
    kind: z.literal('saas.admin'),
    action: z.enum([
      'add_service_principal',
      'consent',
      'app_role_grant',
      'delegated_permission_grant',
      'credentials_added',
      'add_application',
      'update_application',
      'other',
    ]),
    targetApp: z.object({ id: text(256).optional(), name: text(512).optional() }).optional(),
    targetUser: text(512).optional(),
    permissions: strings.optional(),
    result: text(256).optional(),
  }),
  z.object({
    ...saas,
    kind: z.literal('saas.mailbox_rule'),
    ruleName: text(512).optional(),
    conditions: z.record(z.string(), text()).optional(),
    actions: z.object({
      moveToFolder: text(512).optional(),
      delete: z.boolean().optional(),
      markAsRead: z.boolean().optional(),
      forwardTo: strings.optional(),
      redirectTo: strings.optional(),
      stopProcessing: z.boolean().optional(),
    }),
    forwardingAddress: text(512).optional(),
  }),
  z.object({
    ...saas,
    kind: z.literal('saas.mail'),
    recipientsInternal: z.number().int().nonnegative().optional(),
    recipientsExternal: z.number().int().nonnegative().optional(),
    recipients: strings.optional(),
    subject: text().optional(),
    attachments: strings.optional(),
    itemCount: z.number().int().nonnegative().optional(),
  }),
  z.object({ ...saas, kind: z.literal('saas.other') }),
  z.object({
    ...base,
    kind: z.literal('ai.prompt'),
    actor: text(512).min(1),
    actorType: z.enum(['human', 'agent']).default('human'),
    app: text(512).optional(),
    model: text(256).optional(),
    session: text(256).optional(),
    prompt: text(200_000),
    response: text(200_000).optional(),
    tools: strings.optional(),
    resources: strings.optional(),
    onBehalfOf: text(512).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('org.directory'),
    user: text(512).min(1),
    displayName: text(512).optional(),
    manager: text(512).optional(),
    department: text(512).optional(),
    title: text(512).optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('org.message'),
    from: text(512).min(1),
    to: strings,
    subject: text().optional(),
  }),
]);

export type IngestedEvent = z.output<typeof eventSchema>;

/** At most this many events per request, so one request cannot hold the server. */
export const MAX_BATCH = 10_000;

export const eventBatchSchema = z.object({ events: z.array(eventSchema).min(1).max(MAX_BATCH) });

/** DESIGN §3 prompt JSONL records: only time, actor and prompt are required. */
export const promptBatchSchema = z.object({
  prompts: z
    .array(
      z.object({
        time,
        actor: text(512).min(1),
        actor_type: z.enum(['human', 'agent']).default('human'),
        app: text(512).optional(),
        model: text(256).optional(),
        session: text(256).optional(),
        prompt: text(200_000),
        response: text(200_000).optional(),
        tools: strings.optional(),
        resources: strings.optional(),
      }),
    )
    .min(1)
    .max(MAX_BATCH),
});

export type IngestedPrompt = z.output<typeof promptBatchSchema>['prompts'][number];

/** The entity an event belongs to when the sender did not say: the decoders' own convention. */
function defaultEntity(e: IngestedEvent): EntityRef {
  switch (e.kind) {
    case 'net.conn':
    case 'net.http':
    case 'net.tls':
    case 'net.dns':
    case 'net.file':
      return { kind: 'device', id: e.src };
    case 'net.x509':
      return { kind: 'endpoint', id: e.certId };
    case 'ai.prompt':
      return { kind: e.actorType === 'agent' ? 'agent' : 'user', id: e.actor.toLowerCase() };
    case 'org.message':
      return { kind: 'user', id: e.from.toLowerCase() };
    default:
      return { kind: 'user', id: e.user.toLowerCase() };
  }
}

/**
 * `input` names who sent the event (`api:<principal>`), set by the server: a caller's claim of where
 * an event came from would let it pose as a sensor or file. `cursor` is the fallback position in
 * this request, so events without one of their own still have distinct evidence keys.
 */
export function toEvent(e: IngestedEvent, input: string, cursor: string): Event {
  const { line, cursor: own } = e.source ?? {};
  return {
    ...e,
    source: { input, ...(line !== undefined ? { line } : {}), cursor: own ?? cursor },
    entity: e.entity ?? defaultEntity(e),
  } as Event;
}

export function promptToEvent(p: IngestedPrompt, input: string, cursor: string): Event {
  const actor = p.actor.toLowerCase();
  return {
    kind: 'ai.prompt',
    time: p.time,
    source: { input, cursor },
    entity: { kind: p.actor_type === 'agent' ? 'agent' : 'user', id: actor },
    actor,
    actorType: p.actor_type,
    app: p.app,
    model: p.model,
    session: p.session,
    prompt: p.prompt,
    response: p.response,
    tools: p.tools,
    resources: p.resources,
  };
}
