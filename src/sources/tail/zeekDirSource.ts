import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Checkpoint, Store } from '../../store/store.js';
import type { DecodeSink } from '../decoder.js';
import { DecoderSelection } from '../files/decoderSelection.js';
import { DEFAULT_MAX_LINE_BYTES } from '../files/fileSource.js';
import { LineSplitter } from '../files/lineSplitter.js';
import type { EventBatch, EventSource } from '../source.js';
import { HEAD_BYTES, hasHead, headFingerprint, readHead } from './fileHead.js';
import { fileIdOf, findByFileId, isLiveLogName } from './fileIdentity.js';
import { findGzippedRotation, GzipRemainder, gzipHead } from './gzipRemainder.js';

export interface ZeekDirOptions {
  /** How often to look for new data, new logs and rotations when there is nothing to read. */
  pollIntervalMs: number;
  /** Force a decoder instead of sniffing each log. */
  format?: string;
  maxLineBytes?: number;
  /** Bytes read from one file per batch (default 1 MiB). */
  readBytes?: number;
}

const HEADER_BYTES = 64 * 1024;

/** One live log (`<dir>/conn.log`) and the file currently being read for it. */
class FollowedLog {
  fh: FileHandle | undefined;
  fileId = '';
  /** Bytes read from the file so far. */
  readPos = 0;
  /** The file's first bytes (up to HEAD_BYTES), fingerprinted into each checkpoint. */
  head: Buffer = Buffer.alloc(0);
  /** File offset where the splitter started: checkpoint offset = base + consumed. */
  base = 0;
  /** The live path names another file now (rotation): finish this one, then follow the new one. */
  rotated = false;
  /** Set instead of `fh` while finishing a rotated file that was compressed while telltale was down. */
  gzip: GzipRemainder | undefined;
  /** Files this log rotated into after the checkpointed one while telltale was down, oldest first. */
  pending: string[] = [];
  batch: EventBatch = emptyBatch();
  splitter!: LineSplitter;
  selection!: DecoderSelection;
  private readonly sink: DecodeSink = {
    event: (e) => this.batch.events.push(e),
    reject: (r) => this.batch.rejects.push(r),
    skip: (what) => {
      this.batch.skipped[what] = (this.batch.skipped[what] ?? 0) + 1;
    },
  };

  constructor(
    /** The live path: the checkpoint's source key. */
    readonly key: string,
    private readonly format: string | undefined,
    private readonly maxLineBytes: number,
  ) {
    this.restart(0, 0);
  }

  /** Decodes afresh from `offset`, numbering lines after `line`. */
  restart(offset: number, line: number): void {
    this.selection = new DecoderSelection(this.key, this.format, this.sink);
    this.splitter = new LineSplitter(this.selection, this.maxLineBytes, line);
    this.readPos = offset;
    this.base = offset;
    if (offset === 0) this.head = Buffer.alloc(0);
  }

  /** Keeps the file's first bytes as they are read. */
  noteRead(bytes: Buffer, at: number): void {
    if (at !== this.head.length || at >= HEAD_BYTES) return;
    this.head = Buffer.concat([this.head, bytes.subarray(0, HEAD_BYTES - at)]);
  }

  take(): EventBatch {
    const batch = this.batch;
    this.batch = emptyBatch();
    batch.checkpoint = {
      source: this.key,
      fileId: this.fileId,
      offset: this.base + this.splitter.consumed,
      line: this.splitter.lineNo,
      cursor: headFingerprint(this.head),
      updated: Date.now(),
    };
    return batch;
  }
}

/** All the source needs of a Store: it reads checkpoints; the caller commits them. */
export type CheckpointReader = Pick<Store, 'getCheckpoint'>;

function emptyBatch(): EventBatch {
  return { events: [], rejects: [], skipped: {} };
}

/**
 * Follows a live Zeek log directory: every current log is tailed, complete lines only; a rotation
 * (the live name now points at another file, by device:inode) finishes the old file before the new
 * one starts; a file that shrank was truncated and is read again from its start. Each batch holds
 * one file's progress and the checkpoint covering it; the caller commits both atomically, and a
 * restart resumes from the store's checkpoints (also when the file was rotated meanwhile).
 */
export function openZeekDirSource(dir: string, store: CheckpointReader, opts: ZeekDirOptions): EventSource {
  return new ZeekDirSource(resolve(dir), store, opts);
}

class ZeekDirSource implements EventSource {
  readonly id: string;
  private readonly followed = new Map<string, FollowedLog>();
  private readonly buffer: Buffer;
  private readonly maxLineBytes: number;
  private started = false;
  private nextIndex = 0;
  private lastScan = 0;

  constructor(
    private readonly dir: string,
    private readonly store: CheckpointReader,
    private readonly opts: ZeekDirOptions,
  ) {
    this.id = `zeek-dir:${dir}`;
    this.buffer = Buffer.alloc(opts.readBytes ?? 1024 * 1024);
    this.maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  async next(): Promise<EventBatch> {
    if (!this.started) {
      this.started = true;
      await this.scan();
    } else if (Date.now() - this.lastScan >= this.opts.pollIntervalMs) {
      await this.scan();
    }
    for (let attempt = 0; ; attempt++) {
      const batch = await this.step();
      if (batch !== undefined) return batch;
      if (attempt === 2) return emptyBatch();
      if (attempt === 1) await sleep(this.opts.pollIntervalMs);
      await this.scan();
    }
  }

  async close(): Promise<void> {
    for (const f of this.followed.values()) await f.fh?.close();
    this.followed.clear();
  }

  /** Finds new live logs, rotations, and live logs that reappeared after a rotation. */
  private async scan(): Promise<void> {
    this.lastScan = Date.now();
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names.filter(isLiveLogName).sort()) {
      const key = join(this.dir, name);
      if (!this.followed.has(key)) await this.follow(key);
    }
    for (const f of this.followed.values()) {
      if (f.gzip !== undefined) continue;
      if (f.fh === undefined) {
        await this.openLive(f);
        continue;
      }
      if (f.rotated) continue;
      try {
        if (fileIdOf(await stat(f.key)) !== f.fileId) f.rotated = true;
      } catch {
        f.rotated = true;
      }
    }
  }

  /** Starts following a live log, where its checkpoint says, or from its start. */
  private async follow(key: string): Promise<void> {
    const f = new FollowedLog(key, this.opts.format, this.maxLineBytes);
    this.followed.set(key, f);
    const checkpoint = await this.store.getCheckpoint(key);
    if (checkpoint?.fileId !== undefined && checkpoint.offset !== undefined) {
      let current: string | undefined;
      try {
        current = fileIdOf(await stat(key));
      } catch {
        current = undefined;
      }
      const path = current === checkpoint.fileId ? key : await findByFileId(this.dir, checkpoint.fileId);
      if (path !== undefined && (await this.resume(f, path, checkpoint))) {
        f.rotated = path !== key;
        if (f.rotated) await this.queueLaterRotations(f, path);
        return;
      }
      const gzipped =
        checkpoint.cursor !== undefined
          ? await findGzippedRotation(this.dir, basename(key), checkpoint.cursor)
          : undefined;
      if (gzipped !== undefined) {
        await this.resumeGzipped(f, gzipped, checkpoint);
        await this.queueLaterRotations(f, gzipped);
        return;
      }
      // Rotated away (moved, deleted, or its inode now holds another file) while telltale was down:
      // say that lines after the checkpoint may not have been read. (A compressed copy beside the
      // live log is found by its first bytes above, whatever inode it got.)
      f.batch.rejects.push({
        input: key,
        line: (checkpoint.line ?? 0) + 1,
        reason: `the file read up to byte ${checkpoint.offset} is gone; lines it got after that were not read`,
        text: '',
      });
    }
    await this.openLive(f);
  }

  /**
   * Zeek may have rotated the log more than once while telltale was down: every rotated file newer
   * than the checkpointed one is read in full, oldest first, before the live log. Compressed ones
   * cannot be read from their start here and are reported instead.
   */
  private async queueLaterRotations(f: FollowedLog, from: string): Promise<void> {
    const live = basename(f.key);
    const prefix = live.slice(0, -'.log'.length) + '.';
    let since: number;
    try {
      since = (await stat(from)).mtimeMs;
    } catch {
      return;
    }
    const later: { path: string; mtime: number }[] = [];
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      if (name === live || !name.startsWith(prefix) || path === from) continue;
      try {
        const st = await stat(path);
        if (st.isFile() && st.mtimeMs > since) later.push({ path, mtime: st.mtimeMs });
      } catch {
        // Removed between readdir and stat.
      }
    }
    later.sort((a, b) => a.mtime - b.mtime || a.path.localeCompare(b.path));
    for (const { path } of later) {
      if (path.endsWith('.gz')) {
        f.batch.rejects.push({
          input: path,
          reason: 'rotated and compressed while telltale was down, after the checkpointed file; not read (replay it)',
          text: '',
        });
      } else {
        f.pending.push(path);
      }
    }
  }

  /** After a finished rotated file: the next one that rotated while telltale was down, if any. */
  private async openPending(f: FollowedLog): Promise<boolean> {
    for (let path = f.pending.shift(); path !== undefined; path = f.pending.shift()) {
      let fh: FileHandle;
      try {
        fh = await open(path, 'r');
      } catch {
        continue;
      }
      f.restart(0, 0);
      f.fh = fh;
      f.fileId = fileIdOf(await fh.stat());
      f.rotated = true;
      return true;
    }
    return false;
  }

  /** Opens `path` (the file of `checkpoint`) and positions after what was committed. */
  private async resume(f: FollowedLog, path: string, checkpoint: Checkpoint): Promise<boolean> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch {
      return false;
    }
    const s = await fh.stat();
    const sameFile =
      fileIdOf(s) === checkpoint.fileId &&
      s.size >= checkpoint.offset! &&
      (checkpoint.cursor === undefined || (await hasHead(fh, checkpoint.cursor)));
    if (!sameFile) {
      await fh.close();
      return false;
    }
    const offset = checkpoint.offset!;
    f.restart(offset, checkpoint.line ?? 0);
    f.fh = fh;
    f.fileId = checkpoint.fileId!;
    f.head = await readHead(fh, Math.min(HEAD_BYTES, s.size));
    if (offset > 0) this.replayHeader(f, await readHead(fh, Math.min(HEADER_BYTES, offset)));
    return true;
  }

  /** Finishes the checkpointed file from its compressed rotated copy, then follows the live one. */
  private async resumeGzipped(f: FollowedLog, path: string, checkpoint: Checkpoint): Promise<void> {
    const offset = checkpoint.offset!;
    f.restart(offset, checkpoint.line ?? 0);
    f.fileId = checkpoint.fileId!;
    f.head = await gzipHead(path, HEAD_BYTES);
    if (offset > 0) this.replayHeader(f, await gzipHead(path, Math.min(HEADER_BYTES, offset)));
    f.gzip = new GzipRemainder(path, offset);
    f.rotated = true;
  }

  /** A TSV log's `#` header sits at the file's start; the decoder needs it again after a restart. */
  private replayHeader(f: FollowedLog, head: Buffer): void {
    const lines = head.toString('utf8').split('\n');
    for (let i = 0; i < lines.length - 1; i++) {
      const line = lines[i]!;
      if (!line.startsWith('#')) break;
      f.selection.line(line, i + 1);
    }
  }

  /** Follows whatever file the live path names now, from its start. */
  private async openLive(f: FollowedLog): Promise<void> {
    let fh: FileHandle;
    try {
      fh = await open(f.key, 'r');
    } catch {
      f.fh = undefined;
      return;
    }
    f.restart(0, 0);
    f.fh = fh;
    f.fileId = fileIdOf(await fh.stat());
    f.rotated = false;
  }

  /** Reads from the next log that has something, round robin so that no log starves the others. */
  private async step(): Promise<EventBatch | undefined> {
    const all = [...this.followed.values()];
    for (let i = 0; i < all.length; i++) {
      const index = (this.nextIndex + i) % all.length;
      const batch = await this.read(all[index]!);
      if (batch !== undefined) {
        this.nextIndex = index + 1;
        return batch;
      }
    }
    return undefined;
  }

  private async read(f: FollowedLog): Promise<EventBatch | undefined> {
    if (f.gzip !== undefined) return this.readGzipped(f, f.gzip);
    const fh = f.fh;
    if (fh === undefined) return undefined;
    const { bytesRead } = await fh.read(this.buffer, 0, this.buffer.length, f.readPos);
    if (bytesRead > 0) {
      f.noteRead(this.buffer.subarray(0, bytesRead), f.readPos);
      f.readPos += bytesRead;
      f.splitter.push(this.buffer.subarray(0, bytesRead));
      f.selection.flush();
      return f.take();
    }
    if (f.rotated) {
      // Rotated files are complete: a last line without its newline will not get one.
      f.splitter.end();
      f.selection.end();
      const batch = f.take();
      await fh.close();
      if (!(await this.openPending(f))) await this.openLive(f);
      return batch;
    }
    if ((await fh.stat()).size < f.readPos) {
      // Truncated in place (copytruncate rotation): what it holds now is new.
      f.restart(0, 0);
      return f.take();
    }
    return undefined;
  }

  private async readGzipped(f: FollowedLog, gzip: GzipRemainder): Promise<EventBatch> {
    let chunk: Buffer | undefined;
    let broken: string | undefined;
    try {
      chunk = await gzip.next();
    } catch (err) {
      broken = err instanceof Error ? err.message : String(err);
    }
    if (chunk !== undefined) {
      f.splitter.push(chunk);
      f.selection.flush();
      return f.take();
    }
    if (broken !== undefined) {
      f.batch.rejects.push({
        input: f.key,
        line: f.splitter.lineNo + 1,
        reason: `truncated or corrupt gzip (${gzip.path}): ${broken}`,
        text: f.splitter.partialText().slice(0, 200),
      });
      f.splitter.dropPartial();
    }
    f.splitter.end();
    f.selection.end();
    gzip.close();
    f.gzip = undefined;
    const batch = f.take();
    if (!(await this.openPending(f))) await this.openLive(f);
    return batch;
  }
}
