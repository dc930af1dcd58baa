// Fault injection around StoreFs for tests and the crash child: fail or kill at a chosen call.
// Invariant: with an empty plan it behaves exactly like the wrapped fs.
import type { FsOp, StoreFs } from '../../electron/store/store-fs';

export type Fault = 'ENOSPC' | 'EIO' | 'kill';

/** Decides, per call, whether to inject a fault; `n` counts calls of that op from 1. */
export type FaultPlan = (op: FsOp, n: number, path?: string) => Fault | undefined;

export function withFaults(base: StoreFs, plan: FaultPlan): StoreFs {
  const counts = new Map<FsOp, number>();
  const check = (op: FsOp, path?: string): void => {
    const n = (counts.get(op) ?? 0) + 1;
    counts.set(op, n);
    const f = plan(op, n, path);
    if (f === undefined) return;
    // A real crash: no cleanup, no flush, no exit handlers.
    if (f === 'kill') process.kill(process.pid, 'SIGKILL');
    throw Object.assign(new Error(`${f}: injected fault on ${op} #${n}`), { code: f });
  };
  return {
    ...base,
    open: async (p, flags) => (check('open', p), base.open(p, flags)),
    write: async (fd, data, pos) => (check('write'), base.write(fd, data, pos)),
    fdatasync: async (fd) => (check('fdatasync'), base.fdatasync(fd)),
    fsync: async (fd) => (check('fsync'), base.fsync(fd)),
    ftruncate: async (fd, len) => (check('ftruncate'), base.ftruncate(fd, len)),
    rename: async (a, b) => (check('rename', a), base.rename(a, b)),
    readFile: async (p) => (check('read', p), base.readFile(p)),
    unlink: async (p) => (check('unlink', p), base.unlink(p)),
  };
}
