import { hostname } from 'node:os';
import type { DeviceProfiles } from '../baseline/network/device-profile.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { mergeSources } from '../engine/merge.js';
import type { Pipeline, PipelineSnapshot } from '../engine/pipeline.js';
import { sharedIpDatabase } from '../enrich/ip/ip-database.js';
import type { Event } from '../events/event.js';
import type { Alert } from '../export/alert.js';
import { AlertSender, resolveAlertExport } from '../export/sender.js';
import { IdentityHolds } from '../gateway/holds.js';
import type { Action, ActionDecision } from '../response/action.js';
import { createExecutors } from '../response/executors/index.js';
import type { EventSource } from '../sources/source.js';
import { openStore } from '../store/index.js';
import type { Checkpoint, CommitBatch, Reject, Store } from '../store/store.js';
import { ActionRunner, decideAction } from './action-runner.js';
import { detectorSettings, startGateway, storable } from './ai-edge.js';
import { buildPipeline } from './build-pipeline.js';
import { catchUp } from './catch-up.js';
import { openConfiguredSources } from './configured-sources.js';
import { advanceQuiet, LiveClock } from './live-clock.js';

export interface RunOptions {
  config?: string;
  server: boolean;
  demo: boolean;
}

/** Idle polls after which the reorder window is released even though no newer event came. */
const IDLE_POLLS_BEFORE_FLUSH = 2;

/** How often the live clock looks whether quiet feeds left expiries due (wall clock). */
const QUIET_TICK_MS = 5_000;

/**
 * `telltale run`: live sources -> pipeline -> store, with the API and UI. Each source batch is
 * committed together with its checkpoint (raw events at ingest, so that events still held in the
 * reorder window are not lost by a crash), then the pipeline's breaches, incidents and actions.
 */
export async function run(opts: RunOptions): Promise<number> {
  const config = loadConfig(opts.config);
  const store = await openStore(config.store.path, config.store.kind);
  await store.migrate();
  const sources = await openConfiguredSources(config, store);
  const demoMode = sources.live.length + sources.finite.length === 0 && opts.demo;
  const demo = demoMode ? await import('../demo/index.js') : undefined;
  // Load the IP databases now rather than on the first event, so the first batch is not slow.
  sharedIpDatabase().warm();
  // Models tuned from the API live in the store and win over the file.
  const { loadModelOverrides, ServerMetrics } = await import('../server/index.js');
  const models = { ...config.models, ...(await loadModelOverrides(store)) };
  const metrics = new ServerMetrics();
  const pipeline = buildPipeline(
    { ...config, models: models as Config['models'] },
    {},
    { keepEvents: false, ...(demo ? { learnUntil: demo.DEMO_LEARN_UNTIL } : {}) },
  );
  const detectors = detectorSettings(config);
  const holds = new IdentityHolds();
  const alerts = alertSenderFor(config);
  const normalEndpoints = (device: string, before: number) =>
    patternOfLife(pipeline.baselines.network.profiles, device, before);
  const executors = createExecutors(config.response, { promptGateway: holds, patternOfLife: normalEndpoints });
  // The demo has no executors configured: its actions are carried out on paper, recorded in their audit trail.
  if (demo) executors.push(...demo.dryRunExecutors(executors, normalEndpoints));
  const runner = new ActionRunner(executors, store, (action, audit) => {
    // The store records the failure through the runner's audit entry; the alert says it outside.
    const failed = pipeline.policy.fail(action.id, audit.actor, audit.reason, pipeline.time);
    if (failed && alerts) void sendAlerts(alerts, { actions: [failed] });
  });
  // What the previous process put in force, read before the catch-up expires any of it.
  const appliedBefore = await actionsInForce(store);
  const snap = await store.loadSnapshot('pipeline');
  const snapshot = snap?.state as PipelineSnapshot | undefined;
  if (snapshot) pipeline.restore(snapshot);
  // Bring detection state up to the stored events (after a crash, they run ahead of the snapshot).
  if (config.store.events) {
    const replayed = await catchUp(store, pipeline, snapshot);
    if (replayed > 0)
      process.stderr.write(`telltale: caught up on ${replayed} stored events since the last snapshot\n`);
  }

  await runner.resume(appliedBefore, pipeline.policy.liveActions());

  const commits = new CommitQueue(store);
  let stored = 0;
  let lastStatus = 0;
  const ingest = async (events: Event[], extra: CommitBatch = {}, source = 'api') => {
    const before = { breaches: pipeline.counters.breaches, actions: pipeline.counters.actions };
    pipeline.push(events);
    const writes = pipeline.takeWrites();
    await commits.commit({ ...writes, ...extra, events: config.store.events ? storable(events, detectors) : [] });
    if (writes.actions && writes.actions.length > 0) await runner.handle(writes.actions);
    if (alerts) await sendAlerts(alerts, writes);
    stored += events.length;
    let newest = Number.NEGATIVE_INFINITY;
    for (const e of events) if (e.time > newest) newest = e.time;
    metrics.countEvents(source, events.length, events.length > 0 ? newest : undefined);
    metrics.countRejects(extra.rejects?.length ?? 0);
    metrics.countBreaches(pipeline.counters.breaches - before.breaches);
    metrics.countActions(pipeline.counters.actions - before.actions);
    // A status line at most once a second, for operators (and for tests to know progress).
    if (events.length > 0 && Date.now() - lastStatus >= 1000) {
      lastStatus = Date.now();
      const c = pipeline.counters;
      process.stderr.write(
        `telltale: ${stored} events stored this run; ${c.breaches} breaches, ${c.actions} actions\n`,
      );
    }
  };

  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  let server: { close(): Promise<unknown> } | undefined;
  let serverUrl: string | undefined;
  let firstStart: { user: string; password: string } | undefined;
  if (opts.server) {
    const { startServer, defaultAnnounce } = await import('../server/index.js');
    const started = await startServer({
      store,
      config,
      baselines: () => pipeline.baselines,
      onIngest: (events) => ingest(events),
      metrics,
      announce: (credentials) => {
        firstStart = credentials;
        defaultAnnounce(credentials);
      },
      onModelsChanged: (overrides) => pipeline.detector.setOverrides(overrides),
      onActionDecision: exportDecisions(
        decideAction(pipeline.policy, runner, (batch) => commits.commit(batch)),
        alerts,
      ),
    });
    server = started.app;
    serverUrl = started.url;
    process.stderr.write(`telltale: serving the API and web UI at ${started.url}\n`);
  }

  const gateway = await startGateway(config, detectors, holds, (e) => {
    ingest([e], {}, 'gateway').catch((err) => process.stderr.write(`telltale: gateway prompt not stored: ${err}\n`));
  });
  if (gateway) process.stderr.write(`telltale: AI gateway listening at ${gateway.url}\n`);

  if (demo) {
    // The demo is played once into a store; later starts find it there.
    if ((await store.loadSnapshot('demo-loaded')) === undefined) {
      const events = await demo.loadDemo();
      await ingest(events, {}, 'demo');
      pipeline.flush();
      await commits.commit(pipeline.takeWrites());
      await store.saveSnapshot('pipeline', pipeline.time, pipeline.snapshot());
      await store.saveSnapshot('demo-loaded', pipeline.time, { events: events.length });
    }
    if (serverUrl) process.stderr.write(demo.demoSignInText(serverUrl, firstStart));
  }

  // Expiry and incident closing must not wait for the next event: a quiet core follows the wall clock.
  const clock = new LiveClock({ idleMs: Math.max(config.engine.reorderWindow, QUIET_TICK_MS), now: Date.now });
  let advancing: Promise<void> | undefined;
  const advanceIfQuiet = async () => {
    const time = clock.due(pipeline.time);
    if (time === undefined) return;
    const writes = advanceQuiet(pipeline, time);
    if (writes.incidents.length + writes.actions.length === 0) return;
    await commits.commit(writes);
    await runner.handle(writes.actions);
    if (alerts) await sendAlerts(alerts, writes);
  };
  const quietTimer = setInterval(() => {
    advancing ??= advanceIfQuiet()
      .catch((err) => {
        process.stderr.write(`telltale: advancing the quiet clock failed: ${err}\n`);
      })
      .finally(() => {
        advancing = undefined;
      });
  }, QUIET_TICK_MS);
  quietTimer.unref();

  let lastSnapshot = pipeline.time;
  const afterBatch = async () => {
    if (pipeline.time - lastSnapshot >= config.engine.snapshotEvery) {
      lastSnapshot = pipeline.time;
      await commits.idle();
      await store.saveSnapshot('pipeline', pipeline.time, pipeline.snapshot());
    }
  };
  process.stderr.write(
    `telltale: following ${sources.live.length} live and ${sources.finite.length} finite sources into ${config.store.path}\n`,
  );
  await Promise.all([
    ...sources.live.map((s) => follow(s, pipeline, ingest, afterBatch, () => stopping)),
    readFinite(sources.finite, ingest, afterBatch, () => stopping),
  ]);
  // Finite sources are done; with the server up, keep serving until a signal.
  if (server === undefined) stopping = true;
  while (!stopping) await new Promise((r) => setTimeout(r, 250));
  clearInterval(quietTimer);
  await advancing;

  pipeline.flush();
  await commits.commit(pipeline.takeWrites());
  // A run that saw no event has nothing to keep (and no event time to keep it at).
  if (pipeline.time > Number.NEGATIVE_INFINITY)
    await store.saveSnapshot('pipeline', pipeline.time, pipeline.snapshot());
  await Promise.all([...sources.live, ...sources.finite].map((s) => s.close()));
  await server?.close();
  await gateway?.app.close();
  await store.close();
  return 0;
}

async function follow(
  source: EventSource,
  pipeline: Pipeline,
  ingest: (events: Event[], extra: CommitBatch, source: string) => Promise<void>,
  afterBatch: () => Promise<void>,
  stopping: () => boolean,
): Promise<void> {
  let idle = 0;
  while (!stopping()) {
    const b = await source.next();
    if (b === null) return;
    if (b.events.length === 0) {
      if (++idle === IDLE_POLLS_BEFORE_FLUSH) pipeline.flush();
    } else {
      idle = 0;
    }
    await ingest(b.events, { rejects: b.rejects, ...(b.checkpoint ? { checkpoints: [b.checkpoint] } : {}) }, source.id);
    await afterBatch();
  }
}

/**
 * Finite sources merged in event-time order. A source's checkpoint is committed only once every
 * event of its batch has been ingested: when the source hands over its next batch, the previous
 * one has been merged out entirely, so its checkpoint goes with the next chunk's commit.
 */
async function readFinite(
  sources: EventSource[],
  ingest: (events: Event[], extra: CommitBatch, source: string) => Promise<void>,
  afterBatch: () => Promise<void>,
  stopping: () => boolean,
): Promise<void> {
  if (sources.length === 0) return;
  const held = new Map<EventSource, Checkpoint>();
  let releasable: Checkpoint[] = [];
  let rejects: Reject[] = [];
  for await (const chunk of mergeSources(sources, (source, batch) => {
    const prev = held.get(source);
    if (prev) releasable.push(prev);
    if (batch.checkpoint) held.set(source, batch.checkpoint);
    rejects.push(...batch.rejects);
  })) {
    const checkpoints = releasable;
    releasable = [];
    await ingest(chunk, { checkpoints, rejects }, 'files');
    rejects = [];
    await afterBatch();
    if (stopping()) return;
  }
  await ingest([], { checkpoints: [...releasable, ...held.values()], rejects }, 'files');
}

/**
 * The external IPs a device normally reaches (its `i:` profile keys) for enforce_pattern_of_life:
 * only those first seen before the action began, since the live profile goes on learning, and has
 * learned the endpoints of the very breach the action answers.
 */
export function patternOfLife(profiles: Pick<DeviceProfiles, 'get'>, device: string, before: number): string[] {
  const out: string[] = [];
  for (const [key, [first]] of profiles.get(device)?.keys ?? []) {
    if (key.startsWith('i:') && first < before) out.push(key.slice(2));
  }
  return out;
}

async function actionsInForce(store: Store): Promise<Action[]> {
  const out: Action[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listActions({ status: ['active', 'extended'], limit: 1000, offset });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

function alertSenderFor(config: Config): AlertSender | undefined {
  if (config.alerts.syslog === undefined && config.alerts.webhook === undefined) return undefined;
  return new AlertSender(resolveAlertExport(config.alerts), hostname());
}

/** Alert export is best effort: a syslog or webhook outage is reported, never stops detection. */
async function sendAlerts(sender: Pick<AlertSender, 'send'>, writes: CommitBatch): Promise<void> {
  const alerts: Alert[] = [
    ...(writes.breaches ?? []).map((breach) => ({ type: 'breach' as const, breach })),
    ...(writes.incidents ?? []).map((incident) => ({ type: 'incident' as const, incident })),
    ...(writes.actions ?? []).map((action) => ({ type: 'action' as const, action })),
  ];
  for (const a of alerts) {
    try {
      await sender.send(a);
    } catch (err) {
      process.stderr.write(`telltale: alert export failed: ${(err as Error).message}\n`);
    }
  }
}

/** A person's decision (confirm, extend, clear) is exported like the policy's own changes. */
export function exportDecisions(
  decide: (d: ActionDecision) => Promise<Action | undefined>,
  sender: Pick<AlertSender, 'send'> | undefined,
): (d: ActionDecision) => Promise<Action | undefined> {
  if (sender === undefined) return decide;
  return async (d) => {
    const decided = await decide(d);
    if (decided) await sendAlerts(sender, { actions: [decided] });
    return decided;
  };
}

/** Serialises commits from concurrent source loops (each commit is one store transaction). */
class CommitQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly store: Store) {}
  commit(batch: CommitBatch): Promise<void> {
    this.tail = this.tail.then(() => this.store.commit(batch));
    return this.tail;
  }
  idle(): Promise<void> {
    return this.tail;
  }
}

export type { Config };
