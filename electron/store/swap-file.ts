// One swap's transcript file as the writer sees it: create with a fresh salt, open and scan, move a
// torn tail aside, grow by preallocated zero chunks. Invariant: bytes are only ever written past the
// last durable record, and a torn tail is copied to quarantine before it is zeroed.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { FILE_HEADER_SIZE, FILE_VERSION, encodeFileHeader, scanTranscript, type FileHeader, type Scan } from './record-frame-codec';
import { replaceFile, type StoreFs } from './store-fs';

/** First preallocation of a new transcript; doubles on each growth up to MAX_CHUNK. */
export const FIRST_CHUNK = 16 * 1024;
export const MAX_CHUNK = 1024 * 1024;

export interface SwapFile {
  readonly path: string;
  readonly header: FileHeader;
  readonly fd: number;
  /** File size: everything in [dataEnd, allocated) is zeros we wrote ourselves. */
  allocated: number;
  nextChunk: number;
}

export interface TornTailReport {
  readonly offset: number;
  readonly bytes: number;
  readonly quarantinedTo: string;
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** Writes header + zeros into a temp file, syncs it, renames it into place and syncs the directory. */
export async function createSwapFile(fsx: StoreFs, dir: string, swapHex: string, swapId: Uint8Array): Promise<SwapFile> {
  const final = path.join(dir, `${swapHex}.fct`);
  const header: FileHeader = { version: FILE_VERSION, salt: randomBytes(4).readUInt32LE(0), swapId };
  const image = new Uint8Array(FIRST_CHUNK);
  image.set(encodeFileHeader(header), 0);
  await replaceFile(fsx, final, image);
  const fd = await fsx.open(final, 'r+');
  return { path: final, header, fd, allocated: FIRST_CHUNK, nextChunk: FIRST_CHUNK * 2 };
}

export type OpenOutcome =
  | { readonly kind: 'ok'; readonly file: SwapFile; readonly scan: Scan; readonly tornTail: TornTailReport | null }
  | { readonly kind: 'damaged'; readonly reason: string };

/** Reads and scans a transcript; a torn tail is moved aside so appends continue after the last whole step. */
export async function openSwapFile(fsx: StoreFs, filePath: string, quarantineDir: string, swapHex: string): Promise<OpenOutcome> {
  const image = await fsx.readFile(filePath);
  const scanned = scanTranscript(image);
  if (!scanned.ok) return { kind: 'damaged', reason: scanned.error.message };
  const scan = scanned.value;
  if (scan.end.kind === 'damaged') return { kind: 'damaged', reason: scan.end.reason };
  const fd = await fsx.open(filePath, 'r+');
  let tornTail: TornTailReport | null = null;
  try {
    if (scan.end.kind === 'torn') {
      const { offset, end } = scan.end;
      const q = path.join(quarantineDir, `${swapHex}.${Date.now()}.${offset}.torn`);
      const qfd = await fsx.open(q, 'wx');
      try {
        await fsx.write(qfd, image.subarray(offset, end), 0);
        await fsx.fsync(qfd);
      } finally {
        await fsx.close(qfd);
      }
      await fsx.syncDir(quarantineDir);
      await fsx.write(fd, new Uint8Array(end - offset), offset);
      await fsx.fdatasync(fd);
      tornTail = { offset, bytes: end - offset, quarantinedTo: q };
    }
  } catch (e) {
    await fsx.close(fd).catch(() => undefined);
    throw e;
  }
  const allocated = Math.max(image.length, FILE_HEADER_SIZE);
  const file: SwapFile = { path: filePath, header: scan.header, fd, allocated, nextChunk: Math.min(MAX_CHUNK, roundUp(allocated, 4096)) };
  return { kind: 'ok', file, scan, tornTail };
}

/**
 * Extends the file with zeros so that `end` fits, then fsyncs (the size changes, so metadata must
 * reach the disk once here rather than with every record's fdatasync). On failure the file is cut
 * back to its old size: nothing of ours lived past it.
 */
export async function ensureCapacity(fsx: StoreFs, f: SwapFile, end: number): Promise<void> {
  if (end <= f.allocated) return;
  const target = roundUp(Math.max(end, f.allocated + f.nextChunk), 4096);
  const old = f.allocated;
  try {
    for (let at = old; at < target; at += MAX_CHUNK) {
      await fsx.write(f.fd, new Uint8Array(Math.min(MAX_CHUNK, target - at)), at);
    }
    await fsx.fsync(f.fd);
  } catch (e) {
    await fsx.ftruncate(f.fd, old).catch(() => undefined);
    throw e;
  }
  f.allocated = target;
  f.nextChunk = Math.min(MAX_CHUNK, f.nextChunk * 2);
}
