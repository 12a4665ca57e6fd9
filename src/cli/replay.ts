import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config/load.js';
import { groupRotatedFiles, mergeSources, SequentialSource } from '../engine/merge.js';
import { SortedSource } from '../engine/sorted-source.js';
import { alertJson } from '../export/alert.js';
import type { Action } from '../response/action.js';
import { createExecutors } from '../response/executors/index.js';
import { fail, isInForce } from '../response/lifecycle.js';
import { expandInputs, openFileSource } from '../sources/files/index.js';
import { DECODERS, decoderByFormat } from '../sources/formats.js';
import type { EventSource } from '../sources/source.js';
import { openStore } from '../store/index.js';
import type { Reject, Store } from '../store/store.js';
import { ActionRunner } from './action-runner.js';
import { detectorSettings, storable } from './ai-edge.js';
import { buildPipeline } from './build-pipeline.js';
import { formatSummary, type RunSummary } from './summary.js';
import { UsageError } from './usage-error.js';
import { assertWritableFile } from './writable-file.js';

export interface ReplayOptions {
  config?: string;
  learnUntil?: string;
  format?: string;
  rejects: string;
  store?: string;
  progress: boolean;
  execute: boolean;
}

/** Commit to the store every this many pending events, so memory stays flat on long replays. */
const COMMIT_EVERY = 20_000;

export async function replay(inputs: string[], opts: ReplayOptions): Promise<number> {
  const config = loadConfig(opts.config);
  let learnUntil: number | undefined;
  if (opts.learnUntil !== undefined) {
    learnUntil = Date.parse(opts.learnUntil);
    if (Number.isNaN(learnUntil)) throw new UsageError(`--learn-until: "${opts.learnUntil}" is not an ISO time`);
  }
  if (opts.format !== undefined && decoderByFormat(opts.format) === undefined) {
    throw new UsageError(
      `--format: unknown format "${opts.format}" (known: ${DECODERS.map((d) => d.format).join(', ')})`,
    );
  }
  await assertWritableFile('--rejects', opts.rejects);
  for (const p of inputs) {
    try {
      await stat(p);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
  }
  const paths = await expandInputs(inputs);
  const started = performance.now();
  const store: Store | undefined = opts.store ? await openStore(opts.store, config.store.kind) : undefined;
  if (store) await store.migrate();

  const out = new LineWriter(process.stdout);
  const pipeline = buildPipeline(
    config,
    {
      breach: (breach) => out.write(JSON.stringify(alertJson({ type: 'breach', breach }))),
      action: (action) => out.write(JSON.stringify(alertJson({ type: 'action', action }))),
    },
    { ...(learnUntil !== undefined ? { learnUntil } : {}), keepEvents: store !== undefined && config.store.events },
  );

  const summary: RunSummary = { files: paths.length, rejects: 0, skipped: {}, rejectFile: undefined };
  let rejectStream: WriteStream | undefined;
  const writeReject = (r: Reject) => {
    if (rejectStream === undefined) {
      rejectStream = createWriteStream(opts.rejects, { flags: 'w' });
      summary.rejectFile = opts.rejects;
    }
    rejectStream.write(`${JSON.stringify(r)}\n`);
  };
  const formatOpt = opts.format !== undefined ? { format: opts.format } : {};
  const sources: EventSource[] = groupRotatedFiles(paths).map(
    (group) =>
      new SequentialSource(
        group[0]!,
        group.map((p) => () => new SortedSource(openFileSource(p, formatOpt))),
      ),
  );

  const bar =
    opts.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'replay [{bar}] {value}/{total} logs | {events} events | {rate} ev/s', stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(sources.length, 0, { events: 0, rate: 0 });
  let done = 0;
  const pendingRejects: Reject[] = [];
  const detectors = detectorSettings(config);
  // A failed action leaves the policy's live set, as under `run`, so it is neither extended nor
  // reverted as if in force; its failed state is a line of its own, since the earlier line said active.
  // Executors write what they print (dry-run rule sets) to stderr: stdout carries JSON lines only.
  const runner = opts.execute
    ? new ActionRunner(
        createExecutors(config.response, { print: (text) => process.stderr.write(text) }),
        store,
        (action, audit) => {
          const failed =
            pipeline.policy.fail(action.id, audit.actor, audit.reason, pipeline.time) ??
            fail(action, audit.actor, audit.reason, pipeline.time);
          out.write(JSON.stringify(alertJson({ type: 'action', action: failed })));
        },
      )
    : undefined;
  /** Store what the pipeline decided, then let executors act on it (only with --execute). */
  const settle = async () => {
    const writes = pipeline.takeWrites();
    if (store) {
      const events = writes.events ? storable(writes.events, detectors) : [];
      await store.commit({ ...writes, events, rejects: pendingRejects.splice(0) });
    }
    if (runner && writes.actions) await runner.handle(writes.actions);
  };

  for await (const chunk of mergeSources(sources, (_s, batch) => {
    for (const r of batch.rejects) {
      summary.rejects++;
      writeReject(r);
      if (store) pendingRejects.push(r);
    }
    for (const [k, n] of Object.entries(batch.skipped)) summary.skipped[k] = (summary.skipped[k] ?? 0) + n;
  })) {
    pipeline.push(chunk);
    if (store === undefined || pipeline.pendingEventCount >= COMMIT_EVERY) await settle();
    if (bar) {
      const secs = (performance.now() - started) / 1000;
      bar.update(done, { events: pipeline.counters.eventsIn, rate: Math.round(pipeline.counters.eventsIn / secs) });
    }
  }
  done = sources.length;
  pipeline.flush();
  await settle();
  for (const incident of pipeline.allIncidents()) out.write(JSON.stringify(alertJson({ type: 'incident', incident })));
  if (store) {
    await store.saveSnapshot('pipeline', pipeline.time, pipeline.snapshot());
    await store.close();
  }
  bar?.update(done);
  bar?.stop();
  await out.end();
  if (rejectStream) await new Promise<void>((res) => rejectStream!.end(res));
  process.stderr.write(
    formatSummary(pipeline.counters, summary, pipeline.allIncidents().length, performance.now() - started),
  );
  if (runner) process.stderr.write(executionSummary(runner.counters, pipeline.policy.liveActions()));
  return 0;
}

/** How many listed actions still in force at the end are shown one per line. */
const MAX_LISTED_IN_FORCE = 20;

/**
 * What `--execute` did. Actions still in force when the replay ends are left as they are (the
 * executors' own expiry, such as nftables element timeouts, still applies); each is listed with
 * its expiry so that whoever ran the replay knows what to lift by hand.
 */
function executionSummary(c: ActionRunner['counters'], live: readonly Action[]): string {
  const inForce = live.filter(isInForce).sort((a, b) => a.expires - b.expires || a.id.localeCompare(b.id));
  const lines = [`  executed: ${c.applied} applied, ${c.reverted} lifted, ${c.failed} failed`];
  lines.push(`  still in force at the end (left in place): ${inForce.length}`);
  for (const a of inForce.slice(0, MAX_LISTED_IN_FORCE)) {
    lines.push(`    ${a.id} ${a.action} ${a.target.kind} ${a.target.id} until ${new Date(a.expires).toISOString()}`);
  }
  if (inForce.length > MAX_LISTED_IN_FORCE) lines.push(`    ... and ${inForce.length - MAX_LISTED_IN_FORCE} more`);
  return lines.join('\n') + '\n';
}

/** Buffered stdout lines; stops quietly if the reader goes away (`| head`). */
class LineWriter {
  private buf: string[] = [];
  private size = 0;
  private closed = false;
  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on('error', () => {
      this.closed = true;
    });
  }
  write(line: string): void {
    if (this.closed) return;
    this.buf.push(line);
    this.size += line.length;
    if (this.size > 1 << 16) this.drain();
  }
  private drain(): void {
    if (this.buf.length === 0 || this.closed) return;
    this.stream.write(this.buf.join('\n') + '\n');
    this.buf = [];
    this.size = 0;
  }
  end(): Promise<void> {
    this.drain();
    return new Promise((res) => {
      if (this.closed || this.stream.write('')) res();
      else this.stream.once('drain', () => res());
    });
  }
}
