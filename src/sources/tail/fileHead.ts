import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/**
 * A file's first bytes tell it apart from a later file that got the same inode: a Zeek log starts
 * with its header (which holds its `#open` time) or, in JSON, its first record.
 */
export const HEAD_BYTES = 256;

export function headFingerprint(head: Buffer): string {
  return `head:${head.length}:${createHash('sha1').update(head).digest('hex')}`;
}

export async function readHead(fh: FileHandle, length: number): Promise<Buffer> {
  const head = Buffer.alloc(length);
  const { bytesRead } = await fh.read(head, 0, length, 0);
  return head.subarray(0, bytesRead);
}

/** How many bytes a fingerprint covers, or -1 when it is not one. */
export function fingerprintLength(fingerprint: string): number {
  const length = Number(fingerprint.split(':')[1]);
  return fingerprint.startsWith('head:') && Number.isInteger(length) && length >= 0 && length <= HEAD_BYTES
    ? length
    : -1;
}

/** True when the file still starts with the bytes `fingerprint` was taken of. */
export async function hasHead(fh: FileHandle, fingerprint: string): Promise<boolean> {
  const length = fingerprintLength(fingerprint);
  if (length < 0) return false;
  const head = await readHead(fh, length);
  return head.length === length && headFingerprint(head) === fingerprint;
}
