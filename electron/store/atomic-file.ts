// The one way a small file is replaced durably outside the transcripts (peer identity and taker keys,
// client memos, sandbox state): temp file, write, fsync, rename, fsync the directory. Invariant: after a
// crash the file holds either the old or the new bytes, never half of them, and a completed call
// survives power loss. `replaceFile` is the same rename without the fsyncs, for views that are
// rewritten often and decide nothing (a crash may leave the old bytes, never half of them).
import fs from 'node:fs';
import path from 'node:path';

/** fsync a directory, so a rename in it is durable (a no-op on Windows, where the rename is atomic anyway). */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replace `file` with `data` atomically and durably; the file gets `mode` (default 0600). */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    fs.writeFileSync(fd, data); // the whole of it, unlike one writeSync
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/**
 * Replace `file` with `data` whole (a reader sees the old or the new bytes) but not durably: no fsync.
 * `mode` for a new temp file (default: the process's umask).
 */
export function replaceFile(file: string, data: string | Uint8Array, mode?: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, mode === undefined ? {} : { mode });
  fs.renameSync(tmp, file);
}
