import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DecodeSink } from '../decoder.js';
import type { EventBatch, EventSource } from '../source.js';
import { DecoderSelection } from './decoderSelection.js';
import { LineSplitter } from './lineSplitter.js';

export interface FileSourceOptions {
  /** Force a decoder by format name instead of sniffing the content. */
  format?: string;
  /** Longer lines are rejected (default 1 MiB). */
  maxLineBytes?: number;
  /** Events per batch, roughly (default 4096). */
  batchSize?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const DEFAULT_BATCH_SIZE = 4096;
const READ_CHUNK = 1024 * 1024;

/** Gzip is recognised by its magic bytes, whatever the file is called. */
export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await fh.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

function emptyBatch(): EventBatch {
  return { events: [], rejects: [], skipped: {} };
}

/**
 * One log file, plain or gzip, of any format a decoder recognises: decoded in batches. Malformed
 * lines become rejects with file and line; a truncated gzip keeps everything before the cut.
 */
export function openFileSource(path: string, opts: FileSourceOptions = {}): EventSource {
  const batches = readBatches(path, opts);
  return {
    id: path,
    async next() {
      const r = await batches.next();
      return r.done ? null : r.value;
    },
    async close() {
      await batches.return(undefined);
    },
  };
}

async function* readBatches(path: string, opts: FileSourceOptions): AsyncGenerator<EventBatch, void, undefined> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  let batch = emptyBatch();
  const sink: DecodeSink = {
    event: (e) => batch.events.push(e),
    reject: (r) => batch.rejects.push(r),
    skip: (what) => {
      batch.skipped[what] = (batch.skipped[what] ?? 0) + 1;
    },
  };
  const selection = new DecoderSelection(path, opts.format, sink);
  const splitter = new LineSplitter(selection, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  let stream: Readable | undefined;
  let gzip = false;
  try {
    gzip = await isGzipFile(path);
    stream = openStream(path, gzip);
    for await (const chunk of stream) {
      splitter.push(chunk as Buffer);
      if (selection.unrecognised) break;
      if (batch.events.length >= batchSize) {
        yield batch;
        batch = emptyBatch();
      }
    }
    splitter.end();
    selection.end();
  } catch (err) {
    const lineNo = splitter.lineNo + 1;
    const text = splitter.partialText();
    splitter.dropPartial();
    selection.end();
    const message = err instanceof Error ? err.message : String(err);
    batch.rejects.push({
      input: path,
      line: lineNo,
      reason: gzip ? `truncated or corrupt gzip: ${message}` : `read error: ${message}`,
      text: text.slice(0, 200),
    });
  } finally {
    stream?.destroy();
  }
  if (batch.events.length > 0 || batch.rejects.length > 0 || Object.keys(batch.skipped).length > 0) yield batch;
}

function openStream(path: string, gzip: boolean): Readable {
  const raw = createReadStream(path, { highWaterMark: READ_CHUNK });
  if (!gzip) return raw;
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.on('error', (err) => gunzip.destroy(err));
  // Stopping early (an unrecognised input) must release the file too.
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}
