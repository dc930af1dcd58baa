// One writer per data directory: a LOCK file naming the owner's pid and process start time.
// Invariant: a live owner is never overridden; a lock left by a dead process (crash) is taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Result } from '../../shared/result';

export type LockError = { readonly kind: 'store-locked' | 'io-failed'; readonly message: string };

export interface WriterLock {
  readonly path: string;
  /** Rewrites what the lock says about its owner (e.g. the URL it serves), atomically. */
  setInfo(info: Readonly<Record<string, string>>): void;
  release(): void;
}

export interface LockOptions {
  /** The lock file's name in `dir` (default `LOCK`, the transcript store's). */
  readonly name?: string;
  /** Facts about the owner a second process may show (strings only). */
  readonly info?: Readonly<Record<string, string>>;
}

interface Owner {
  readonly pid: number;
  /** Linux: field 22 of /proc/<pid>/stat, so a reused pid does not look like the old owner. */
  readonly start: string | null;
  readonly host: string;
  readonly info?: Readonly<Record<string, string>>;
}

/** The owner of a lock if it is a live process on this machine, else null (no lock, or a stale one). */
export function liveLockOwner(dir: string, name = 'LOCK'): { pid: number; info: Readonly<Record<string, string>> } | null {
  const owner = readOwner(path.join(dir, name));
  if (owner === null || owner.host !== hostName() || !alive(owner)) return null;
  return { pid: owner.pid, info: owner.info ?? {} };
}

function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parens: split after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 overall
  } catch {
    return null;
  }
}

function alive(o: Owner): boolean {
  try {
    process.kill(o.pid, 0);
  } catch (e) {
    // EPERM: exists but not ours, still alive
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (o.start === null) return true;
  const now = processStart(o.pid);
  return now === null ? true : now === o.start;
}

function readOwner(p: string): Owner | null {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(p, 'utf8'));
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    if (typeof o.pid !== 'number' || !Number.isInteger(o.pid) || o.pid <= 0) return null;
    const info = typeof o.info === 'object' && o.info !== null ? Object.fromEntries(Object.entries(o.info).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
    return { pid: o.pid, start: typeof o.start === 'string' ? o.start : null, host: typeof o.host === 'string' ? o.host : '', info };
  } catch {
    return null;
  }
}

/**
 * Takes the lock by hard-linking a fully written temp file onto LOCK (link fails if LOCK exists), so a
 * reader never sees a half-written lock. A lock whose owner is dead, or that cannot be parsed and is
 * older than a few seconds (a crash between create and write), is removed and the take retried once.
 */
export function acquireWriterLock(dir: string, opts: LockOptions = {}): Result<WriterLock, LockError> {
  const lockPath = path.join(dir, opts.name ?? 'LOCK');
  const me: Owner = { pid: process.pid, start: processStart(process.pid), host: hostName(), ...(opts.info ? { info: opts.info } : {}) };
  for (let attempt = 0; attempt < 3; attempt++) {
    const tmp = `${lockPath}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(me), { mode: 0o600 });
      fs.linkSync(tmp, lockPath);
      fs.unlinkSync(tmp);
      return { ok: true, value: makeLock(lockPath, me) };
    } catch (e) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* already gone */
      }
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        return { ok: false, error: { kind: 'io-failed', message: `cannot create lock ${lockPath}: ${String(e)}` } };
      }
    }
    const owner = readOwner(lockPath);
    if (owner !== null && owner.host === me.host && alive(owner)) {
      const who = owner.pid === process.pid ? 'this process already has it open' : `process ${owner.pid} is using it`;
      return {
        ok: false,
        error: {
          kind: 'store-locked',
          message: `the data directory ${dir} is in use (${who}). Close the other wallet instance first; only one may write swap transcripts.`,
        },
      };
    }
    if (owner !== null && owner.host !== me.host) {
      return {
        ok: false,
        error: {
          kind: 'store-locked',
          message: `the data directory ${dir} is locked by host ${owner.host} (pid ${owner.pid}). If that machine no longer runs the wallet, delete ${lockPath}.`,
        },
      };
    }
    if (owner === null) {
      // unparsable: trust it only while it is fresh (its writer may be between link and nothing)
      try {
        if (Date.now() - fs.statSync(lockPath).mtimeMs < 5000) {
          return { ok: false, error: { kind: 'store-locked', message: `the data directory ${dir} is being locked by another process; retry in a few seconds.` } };
        }
      } catch {
        continue;
      }
    }
    try {
      fs.unlinkSync(lockPath); // stale: its owner is dead
    } catch {
      /* someone else removed it; retry */
    }
  }
  return { ok: false, error: { kind: 'store-locked', message: `could not take the lock ${lockPath}: it keeps changing hands.` } };
}

const hostName = (): string => os.hostname();

function makeLock(lockPath: string, me: Owner): WriterLock {
  let held = true;
  return {
    path: lockPath,
    setInfo(info) {
      if (!held) return;
      // Same owner, new facts: a temp file renamed over the lock, so a reader never sees half of it.
      const tmp = `${lockPath}.${process.pid}.info.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ ...me, info }), { mode: 0o600 });
      fs.renameSync(tmp, lockPath);
    },
    release() {
      if (!held) return;
      held = false;
      const owner = readOwner(lockPath);
      if (owner !== null && owner.pid === me.pid && owner.start === me.start) fs.unlinkSync(lockPath);
    },
  };
}
