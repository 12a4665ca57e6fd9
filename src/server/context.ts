import type { BaselineView } from '../baseline/view.js';
import type { Config } from '../config/schema.js';
import type { ModelOverrides } from '../engine/detector.js';
import type { Event } from '../events/event.js';
import type { Action, ActionDecision } from '../response/action.js';
import type { Store } from '../store/store.js';
import type { AccessControl, Principal } from './auth/access.js';
import type { SessionTable } from './auth/sessions.js';
import type { FailedSignIns } from './auth/sign-in-limit.js';
import type { ServerMetrics } from './metrics.js';
import type { RouteDoc } from './route.js';
import type { ServerSettings } from './settings.js';

/** What every route module works with. */
export interface ServerContext {
  store: Store;
  config: Config;
  settings: ServerSettings;
  access: AccessControl;
  sessions: SessionTable;
  /** Failed sign-ins per client address and user name, for the sign-in limit. */
  signIns: FailedSignIns;
  metrics: ServerMetrics;
  /** The engine's pattern of life as it is now, when the engine runs in this process. */
  baselines: () => BaselineView | undefined;
  /** Hands validated ingested events to the pipeline; without one they are stored as they are. */
  ingest: (events: Event[]) => Promise<void>;
  onModelsChanged: (overrides: Record<string, ModelOverrides>) => void;
  /** The response policy's decision hook, when the engine runs in this process. */
  decideAction?: (decision: ActionDecision) => Promise<Action | undefined>;
  now: () => number;
  /** Records a change in the audit log (store and server log). */
  audit: (
    who: Principal | undefined,
    action: string,
    target: string,
    detail?: Record<string, unknown>,
  ) => Promise<void>;
  /** Every route, for the OpenAPI description. */
  routes: RouteDoc[];
}
