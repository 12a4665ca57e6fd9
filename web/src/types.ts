/** The shapes the API returns (mirrors src/analyst, src/models, src/response, src/server on the server side). */

export interface EntityRef {
  kind: string;
  id: string;
}

export interface Evidence {
  label: string;
  value: string | number | boolean;
  baseline?: string;
}

export interface Breach {
  id: string;
  model: string;
  time: number;
  score: number;
  entity: EntityRef;
  related: EntityRef[];
  mitre: string[];
  summary: string;
  evidence: Evidence[];
}

export interface TimelineEntry {
  time: number;
  breachId: string;
  model: string;
  entity: EntityRef;
  summary: string;
  score: number;
}

export interface Incident {
  id: string;
  title: string;
  score: number;
  start: number;
  end: number;
  entities: EntityRef[];
  breaches: string[];
  mitre: { tactics: string[]; techniques: string[] };
  summary: string;
  timeline: TimelineEntry[];
  status: 'open' | 'closed';
}

export interface ActionAudit {
  time: number;
  actor: string;
  from?: string;
  to: string;
  reason: string;
}

export interface Action {
  id: string;
  action: string;
  target: EntityRef;
  scope?: Record<string, string | string[]>;
  mode: string;
  reason: string[];
  rule: string;
  start: number;
  expires: number;
  status: string;
  audit: ActionAudit[];
}

export interface ModelInfo {
  name: string;
  description: string;
  category: string;
  mitre: string[];
  severity: number;
  enabled: boolean;
  thresholds: Record<string, number>;
  allow: string[];
  falsePositives: string[];
}

export interface EntityProfile {
  entity: EntityRef;
  seen?: { firstSeen: number; lastSeen: number; events: number };
  eventsShown: number;
  byKind: Record<string, number>;
  destinations: {
    endpoint: string;
    connections: number;
    bytesOut: number;
    firstSeen: number;
    lastSeen: number;
    devices?: number;
    ofDevices?: number;
  }[];
  beaconIntervals: { endpoint: string; counts: number[]; medianSeconds: number }[];
  logins: { time: number; success: boolean; ip?: string; country?: string; asn?: number; asOrg?: string }[];
  prompts: {
    total: number;
    perDay: { day: string; count: number }[];
    apps: { app: string; count: number }[];
    categories: { category: string; count: number }[];
  };
  breaches: { model: string; count: number; maxScore: number }[];
  namedIn: { id: string; model: string; time: number; score: number; entity: EntityRef }[];
  touchedBy?: { kind: string; id: string; events: number; firstSeen: number; lastSeen: number }[];
}

export interface Me {
  user: string;
  role: 'viewer' | 'analyst' | 'admin';
  csrf: string | null;
}

export type StoredEvent = Record<string, unknown> & { kind: string; time: number; entity: EntityRef };

/** GET /api/entities/:kind/:id/timeline (src/timeline/timeline.ts). */
export type TimelineItem =
  | {
      type: 'prompt';
      time: number;
      actor: string;
      actorType: 'human' | 'agent';
      onBehalfOf?: string;
      app?: string;
      model?: string;
      prompt: string;
      tools: string[];
      resources: string[];
      findings: { category: string; type: string }[];
    }
  | {
      type: 'identity';
      time: number;
      kind: string;
      operation: string;
      ip?: string;
      country?: string;
      success?: boolean;
      summary: string;
    }
  | { type: 'network'; time: number; kind: string; summary: string }
  | { type: 'message'; time: number; direction: 'in' | 'out'; from: string; to: string[]; subject?: string }
  | { type: 'breach'; time: number; id: string; model: string; score: number; summary: string };

export interface ActorTimeline {
  actor: string;
  from: number;
  to: number;
  items: TimelineItem[];
  counts: Record<'prompts' | 'tools' | 'resources' | 'identity' | 'network' | 'messages' | 'breaches', number>;
}
