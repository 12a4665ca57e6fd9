import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isGzipFile } from '../files/fileSource.js';
import { fingerprintLength, headFingerprint } from './fileHead.js';

function gunzipStream(path: string): Readable {
  const raw = createReadStream(path);
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}

/** The first `length` decompressed bytes of a gzip file (fewer when it is shorter or broken). */
export async function gzipHead(path: string, length: number): Promise<Buffer> {
  const stream = gunzipStream(path);
  const parts: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= length) break;
    }
  } catch {
    // A broken gzip still has the head it has.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, length);
}

/**
 * The rotated and since compressed copy of a live log (`conn.2026-12-03-18-00-00.log.gz` for
 * `conn.log`) whose decompressed start matches a checkpoint's fingerprint.
 */
export async function findGzippedRotation(
  dir: string,
  liveName: string,
  fingerprint: string,
): Promise<string | undefined> {
  const length = fingerprintLength(fingerprint);
  if (length < 0) return undefined;
  const prefix = liveName.slice(0, liveName.indexOf('.') + 1);
  for (const name of (await readdir(dir)).sort().reverse()) {
    if (name === liveName || !name.startsWith(prefix)) continue;
    const path = join(dir, name);
    try {
      if (!(await isGzipFile(path))) continue;
      if (headFingerprint(await gzipHead(path, length)) === fingerprint) return path;
    } catch {
      // Gone or unreadable: not it.
    }
  }
  return undefined;
}

/** The rest of a compressed rotated log after a byte offset of its decompressed content, chunk by chunk. */
export class GzipRemainder {
  private readonly stream: Readable;
  private readonly chunks: AsyncIterator<Buffer>;
  private position = 0;

  constructor(
    readonly path: string,
    private readonly offset: number,
  ) {
    this.stream = gunzipStream(path);
    this.chunks = this.stream[Symbol.asyncIterator]();
  }

  /** The next bytes after the offset; undefined at the end. Throws when the gzip is broken. */
  async next(): Promise<Buffer | undefined> {
    for (;;) {
      const r = await this.chunks.next();
      if (r.done) return undefined;
      const chunk = r.value;
      const start = this.position;
      this.position += chunk.length;
      if (this.position <= this.offset) continue;
      return start >= this.offset ? chunk : chunk.subarray(this.offset - start);
    }
  }

  close(): void {
    this.stream.destroy();
  }
}
