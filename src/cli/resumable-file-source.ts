import { stat } from 'node:fs/promises';
import { openFileSource } from '../sources/files/index.js';
import type { EventBatch, EventSource } from '../sources/source.js';
import type { Store } from '../store/store.js';

/**
 * A file read once by `telltale run`, resumable: each batch carries a checkpoint with the last line
 * it covers, and a restart skips what was already committed (a finished file entirely). The file's
 * identity (device, inode, size, mtime) tells a rewritten file from the one the checkpoint describes.
 */
export class ResumableFileSource implements EventSource {
  readonly id: string;
  private inner?: EventSource;
  private skipThrough = 0;
  private done = false;
  private fileId = '';

  constructor(
    private readonly path: string,
    private readonly store: Store,
    private readonly format?: string,
  ) {
    this.id = `file:${path}`;
  }

  async next(): Promise<EventBatch | null> {
    if (this.done) return null;
    if (this.inner === undefined) {
      const st = await stat(this.path);
      this.fileId = `${st.dev}:${st.ino}:${st.size}:${Math.trunc(st.mtimeMs)}`;
      const cp = await this.store.getCheckpoint(this.id);
      if (cp?.fileId === this.fileId) {
        if (cp.cursor === 'complete') {
          this.done = true;
          return null;
        }
        this.skipThrough = cp.line ?? 0;
      }
      this.inner = openFileSource(this.path, this.format !== undefined ? { format: this.format } : {});
    }
    const b = await this.inner.next();
    if (b === null) {
      this.done = true;
      // One last, empty batch marks the file finished.
      return {
        events: [],
        rejects: [],
        skipped: {},
        checkpoint: { source: this.id, fileId: this.fileId, cursor: 'complete', updated: 0 },
      };
    }
    let last = this.skipThrough;
    const keep = (line: number | undefined) => line === undefined || line > this.skipThrough;
    for (const e of b.events) if ((e.source.line ?? 0) > last) last = e.source.line ?? 0;
    for (const r of b.rejects) if ((r.line ?? 0) > last) last = r.line ?? 0;
    return {
      events: this.skipThrough > 0 ? b.events.filter((e) => keep(e.source.line)) : b.events,
      rejects: this.skipThrough > 0 ? b.rejects.filter((r) => keep(r.line)) : b.rejects,
      skipped: b.skipped,
      checkpoint: { source: this.id, fileId: this.fileId, line: last, updated: 0 },
    };
  }

  async close(): Promise<void> {
    await this.inner?.close();
  }
}
