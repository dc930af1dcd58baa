// The few file-system calls the store makes, behind a port so tests can inject ENOSPC, EIO or a kill
// at an exact call. Invariant: `write` writes every byte or rejects; nothing here retries silently.
import fs from 'node:fs';
import path from 'node:path';

export type FsOp = 'open' | 'write' | 'fdatasync' | 'fsync' | 'ftruncate' | 'rename' | 'read' | 'unlink';

export interface StoreFs {
  open(path: string, flags: string | number): Promise<number>;
  close(fd: number): Promise<void>;
  /** Positional write of all of `data` at `position`. */
  write(fd: number, data: Uint8Array, position: number): Promise<void>;
  fdatasync(fd: number): Promise<void>;
  fsync(fd: number): Promise<void>;
  ftruncate(fd: number, length: number): Promise<void>;
  size(fd: number): Promise<number>;
  readFile(path: string): Promise<Uint8Array>;
  /** Up to `length` bytes at `position` (fewer at end of file). */
  readAt(path: string, position: number, length: number): Promise<Uint8Array>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string): Promise<void>;
  /** fsync a directory so a create/rename/unlink in it survives power loss. */
  syncDir(path: string): Promise<void>;
}

const cb = <T>(f: (done: (e: NodeJS.ErrnoException | null, v: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => f((e, v) => (e ? reject(e) : resolve(v))));

async function writeAll(fd: number, data: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const n = await cb<number>((d) => fs.write(fd, data, done, data.length - done, position + done, d));
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += n;
  }
}

/** The real disk; callback APIs are used because they cost less per call than fs/promises. */
export const nodeFs: StoreFs = {
  open: (p, flags) => cb((d) => fs.open(p, flags, 0o600, d)),
  close: (fd) => cb((d) => fs.close(fd, (e) => d(e, undefined))),
  write: writeAll,
  fdatasync: (fd) => cb((d) => fs.fdatasync(fd, (e) => d(e, undefined))),
  fsync: (fd) => cb((d) => fs.fsync(fd, (e) => d(e, undefined))),
  ftruncate: (fd, len) => cb((d) => fs.ftruncate(fd, len, (e) => d(e, undefined))),
  size: (fd) => cb<fs.Stats>((d) => fs.fstat(fd, d)).then((s) => s.size),
  readFile: (p) => cb<Buffer>((d) => fs.readFile(p, d)).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)),
  readAt: async (p, position, length) => {
    const fd = await cb<number>((d) => fs.open(p, 'r', d));
    try {
      const buf = new Uint8Array(length);
      const n = await cb<number>((d) => fs.read(fd, buf, 0, length, position, d));
      return buf.subarray(0, n);
    } finally {
      await cb((d) => fs.close(fd, (e) => d(e, undefined)));
    }
  },
  rename: (a, b) => cb((d) => fs.rename(a, b, (e) => d(e, undefined))),
  unlink: (p) => cb((d) => fs.unlink(p, (e) => d(e, undefined))),
  readdir: (p) => cb<string[]>((d) => fs.readdir(p, d)),
  mkdir: (p) => cb((d) => fs.mkdir(p, { recursive: true }, (e) => d(e, undefined))),
  syncDir: async (p) => {
    const fd = await cb<number>((d) => fs.open(p, 'r', d));
    try {
      await cb((d) => fs.fsync(fd, (e) => d(e, undefined)));
    } finally {
      await cb((d) => fs.close(fd, (e) => d(e, undefined)));
    }
  },
};

/**
 * Replace `file` with `data` through the port: temp file, write, fsync, rename, fsync the directory.
 * After a crash the file holds the old or the new bytes, never half; the transcript, checkpoint and
 * index files are all written this way.
 */
export async function replaceFile(fsx: StoreFs, file: string, data: Uint8Array): Promise<void> {
  const tmp = `${file}.tmp`;
  const fd = await fsx.open(tmp, 'w');
  try {
    await fsx.write(fd, data, 0);
    await fsx.fsync(fd);
  } finally {
    await fsx.close(fd);
  }
  await fsx.rename(tmp, file);
  await fsx.syncDir(path.dirname(file));
}

export const errnoOf = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
