import { z } from 'zod';
import type { Incident } from '../analyst/incident.js';
import type { NavigatorLayer } from '../analyst/navigator.js';
import type { EntitySeen } from '../baseline/entities.js';
import type { EntityRef, Event, SourceRef } from '../events/event.js';
import { EVENT_KINDS } from '../events/event.js';
import type { Breach } from '../models/breach.js';
import type { Action } from '../response/action.js';
import type { TopValue } from '../search/request.js';
import type { Timeline } from '../timeline/timeline.js';
import type { EntityProfile } from './entity-profile.js';
import type { AuditEntry, TokenRecord, UserRecord } from './settings.js';

/**
 * The answers of the API, described for OpenAPI. Each schema is checked at compile time against the
 * type the routes return (`describes<T>()`): a field added to or retyped in the type without the
 * schema following stops the build. Schemas list the fields a client may rely on; answers may carry more.
 */
function describes<T>() {
  return <S extends z.ZodType>(schema: S & (T extends z.output<S> ? unknown : never)): S => schema;
}

const time = z.number().int().describe('Event time, ms since the epoch (UTC)');
const role = z.enum(['viewer', 'analyst', 'admin']);

export const entityRef = describes<EntityRef>()(
  z.object({ kind: z.enum(['device', 'user', 'agent', 'endpoint', 'app', 'ai-app']), id: z.string() }),
);

const sourceRef = describes<SourceRef>()(
  z.object({ input: z.string(), line: z.number().int().optional(), cursor: z.string().optional() }),
);

export const breach = describes<Breach>()(
  z.object({
    id: z.string(),
    model: z.string().describe('Exact model name'),
    time,
    score: z.number().min(0).max(100),
    entity: entityRef,
    related: z.array(entityRef),
    mitre: z.array(z.string()),
    summary: z.string(),
    evidence: z.array(
      z.object({
        label: z.string(),
        value: z.union([z.string(), z.number(), z.boolean()]),
        baseline: z.string().optional(),
      }),
    ),
    sources: z.array(sourceRef),
    late: z.boolean().optional(),
  }),
);

export const incident = describes<Incident>()(
  z.object({
    id: z.string(),
    title: z.string(),
    score: z.number(),
    start: time,
    end: time,
    entities: z.array(entityRef),
    breaches: z.array(z.string()),
    mitre: z.object({ tactics: z.array(z.string()), techniques: z.array(z.string()) }),
    summary: z
      .string()
      .describe('Narrative: lines headed What happened, Why it is unusual, What could make it benign, What to do next'),
    timeline: z.array(
      z.object({
        time,
        breachId: z.string(),
        model: z.string(),
        entity: entityRef,
        summary: z.string(),
        score: z.number(),
      }),
    ),
    status: z.enum(['open', 'closed']),
    mergedInto: z.string().optional(),
    signals: z
      .array(
        z.object({
          name: z.string(),
          entity: entityRef,
          time,
          count: z.number(),
          typicalPerDay: z.number(),
          historyDays: z.number(),
          models: z.number(),
        }),
      )
      .optional(),
  }),
);

const actionStatus = z.enum([
  'proposed',
  'awaiting_confirmation',
  'active',
  'extended',
  'expired',
  'cleared',
  'failed',
]);

export const action = describes<Action>()(
  z.object({
    id: z.string(),
    action: z.enum([
      'block_connections',
      'enforce_pattern_of_life',
      'quarantine_device',
      'force_logout',
      'disable_user',
      'remove_inbox_rule',
      'disable_service_principal',
      'hold_prompt',
    ]),
    target: entityRef,
    scope: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    mode: z.enum(['observe', 'human_confirmation', 'autonomous']),
    reason: z.array(z.string()).describe('Breach or incident ids'),
    rule: z.string(),
    start: time,
    expires: time,
    status: actionStatus,
    audit: z.array(
      z.object({
        time,
        actor: z.string().describe('policy, executor:<name> (a dry run says so), or the person'),
        from: actionStatus.optional(),
        to: actionStatus,
        reason: z.string(),
      }),
    ),
  }),
);

/** Every event has these; the fields of its kind (DESIGN §3) come beside them. */
export const event = describes<Event>()(
  z.object({
    kind: z.enum(EVENT_KINDS as [Event['kind'], ...Event['kind'][]]),
    time,
    source: sourceRef,
    entity: entityRef,
  }),
);

export const ok = z.object({ ok: z.boolean() });

export const session = z.object({
  user: z.string().optional(),
  role: role.optional(),
  csrf: z.string().nullable().describe('Send in the x-csrf-token header on every state change (browser sessions)'),
});

export const health = z.object({ status: z.enum(['ok', 'degraded']), store: z.string() });

export const openApi = z.record(z.string(), z.unknown()).describe('OpenAPI 3.1 document');

export const metricsText = z.string().describe('Prometheus text exposition format');

export const tokenInfo = describes<Omit<TokenRecord, 'digest'>>()(
  z.object({ id: z.string(), name: z.string(), role, created: time }),
);
export const tokenCreated = z.object({
  id: z.string(),
  name: z.string(),
  role,
  token: z.string().describe('Shown this once'),
});

export const userInfo = describes<Omit<UserRecord, 'passwordHash'>>()(
  z.object({ name: z.string(), role, created: time }),
);

export const auditPage = describes<{ entries: AuditEntry[]; total: number }>()(
  z.object({
    entries: z.array(
      z.object({
        time,
        actor: z.string(),
        action: z.string().describe('e.g. action.confirm, model.update, token.create, admin.reset, ingest.batch'),
        target: z.string(),
        detail: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    total: z.number().int(),
  }),
);

export const modelInfo = z.object({
  name: z.string(),
  description: z.string(),
  category: z.string(),
  mitre: z.array(z.string()),
  severity: z.number(),
  reads: z.array(z.string()),
  readsBreachesOf: z.array(z.string()).optional(),
  thresholds: z.record(z.string(), z.number()),
  falsePositives: z.array(z.string()),
  enabled: z.boolean(),
  allow: z.array(z.string()),
});

export const modelUpdated = z.object({
  name: z.string(),
  enabled: z.boolean().optional(),
  thresholds: z.record(z.string(), z.number()).optional(),
  allow: z.array(z.string()).optional(),
});

export const entitySeen = describes<EntitySeen>()(
  z.object({ kind: entityRef.shape.kind, id: z.string(), firstSeen: time, lastSeen: time, events: z.number() }),
);

const firstLastSeen = z.object({ firstSeen: time, lastSeen: time, events: z.number() });

export const entityProfile = describes<EntityProfile>()(
  z.object({
    entity: entityRef,
    seen: firstLastSeen.optional(),
    eventsShown: z.number(),
    byKind: z.record(z.string(), z.number()),
    destinations: z.array(
      z.object({
        endpoint: z.string(),
        connections: z.number(),
        bytesOut: z.number(),
        firstSeen: time,
        lastSeen: time,
        devices: z.number().optional(),
        ofDevices: z.number().optional(),
      }),
    ),
    beaconIntervals: z.array(
      z.object({ endpoint: z.string(), counts: z.array(z.number()), medianSeconds: z.number() }),
    ),
    logins: z.array(
      z.object({
        time,
        success: z.boolean(),
        ip: z.string().optional(),
        country: z.string().optional(),
        asn: z.number().optional(),
        asOrg: z.string().optional(),
      }),
    ),
    prompts: z.object({
      total: z.number(),
      perDay: z.array(z.object({ day: z.string(), count: z.number() })),
      apps: z.array(z.object({ app: z.string(), count: z.number() })),
      categories: z.array(z.object({ category: z.string(), count: z.number() })),
    }),
    breaches: z.array(z.object({ model: z.string(), count: z.number(), maxScore: z.number() })),
    namedIn: z.array(z.object({ id: z.string(), model: z.string(), time, score: z.number(), entity: entityRef })),
    touchedBy: z
      .array(
        z.object({ kind: entityRef.shape.kind, id: z.string(), events: z.number(), firstSeen: time, lastSeen: time }),
      )
      .optional(),
  }),
);

const timelineSource = { source: sourceRef };

export const timeline = describes<Timeline>()(
  z.object({
    actor: z.string(),
    from: time,
    to: time,
    items: z.array(
      z.discriminatedUnion('type', [
        z.object({
          type: z.literal('prompt'),
          time,
          actor: z.string(),
          actorType: z.enum(['human', 'agent']),
          onBehalfOf: z.string().optional(),
          app: z.string().optional(),
          model: z.string().optional(),
          session: z.string().optional(),
          prompt: z.string().describe('As stored: personal data and secrets masked'),
          tools: z.array(z.string()),
          resources: z.array(z.string()),
          findings: z.array(z.object({ category: z.string(), type: z.string() })),
          ...timelineSource,
        }),
        z.object({
          type: z.literal('identity'),
          time,
          kind: z.string(),
          operation: z.string(),
          ip: z.string().optional(),
          country: z.string().optional(),
          asOrg: z.string().optional(),
          success: z.boolean().optional(),
          summary: z.string(),
          ...timelineSource,
        }),
        z.object({ type: z.literal('network'), time, kind: z.string(), summary: z.string(), ...timelineSource }),
        z.object({
          type: z.literal('message'),
          time,
          direction: z.enum(['in', 'out']),
          from: z.string(),
          to: z.array(z.string()),
          subject: z.string().optional(),
          ...timelineSource,
        }),
        z.object({
          type: z.literal('breach'),
          time,
          id: z.string(),
          model: z.string(),
          score: z.number(),
          summary: z.string(),
        }),
      ]),
    ),
    counts: z.object({
      prompts: z.number(),
      tools: z.number(),
      resources: z.number(),
      identity: z.number(),
      network: z.number(),
      messages: z.number(),
      breaches: z.number(),
    }),
  }),
);

export const navigatorLayer = describes<NavigatorLayer>()(
  z.object({
    name: z.string(),
    versions: z.object({ attack: z.string(), navigator: z.string(), layer: z.string() }),
    domain: z.literal('enterprise-attack'),
    description: z.string(),
    sorting: z.number(),
    hideDisabled: z.boolean(),
    techniques: z.array(
      z.object({
        techniqueID: z.string(),
        tactic: z.string(),
        score: z.number(),
        color: z.string(),
        comment: z.string(),
        enabled: z.boolean(),
        metadata: z.array(z.object({ name: z.string(), value: z.string() })),
        showSubtechniques: z.boolean(),
      }),
    ),
    gradient: z.object({ colors: z.array(z.string()), minValue: z.number(), maxValue: z.number() }),
    legendItems: z.array(z.object({ label: z.string(), color: z.string() })),
    metadata: z.array(z.object({ name: z.string(), value: z.string() })),
    showTacticRowBackground: z.boolean(),
    selectTechniquesAcrossTactics: z.boolean(),
    selectSubtechniquesWithParent: z.boolean(),
  }),
);

export const searchResult = z.object({
  total: z.number().int().describe('Every matching event, not only this page'),
  events: z.array(event),
});

export const topValues = describes<{ field: string; values: TopValue[] }>()(
  z.object({ field: z.string(), values: z.array(z.object({ value: z.string(), count: z.number() })) }),
);

export const exportText = z.string().describe('CSV (header row, one event a row) or a JSON array of events');

export const accepted = z.object({ accepted: z.number().int() });

export const promptLinesAccepted = z.object({
  accepted: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

export const otlpAccepted = z
  .object({
    partialSuccess: z.object({ rejectedSpans: z.number().optional(), errorMessage: z.string().optional() }).optional(),
  })
  .describe('ExportTraceServiceResponse');

export const incidentDetail = z.object({
  incident,
  breaches: z.array(breach),
  actions: z.array(action),
  events: z.array(event).describe('Stored events that explain the breaches, in event-time order'),
  explains: z.record(z.string(), z.array(z.number().int())).describe('Breach id -> positions in events'),
});
