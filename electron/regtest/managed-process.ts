// Spawns node daemons (litecoind, monerod, monero-wallet-rpc) in their own process groups and kills them.
// Invariant: no daemon outlives the process that started it: every live group is killed on stop, exit, SIGINT and SIGTERM.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /**
   * Resolves with the exit code (or signal name) once the process has exited. The child is unref'd, so
   * awaiting this alone lets Node leave before the exit arrives: use `waitExit()` to wait for it.
   */
  readonly exited: Promise<number | string>;
  /** `exited`, keeping the event loop alive until it resolves (a CLI waiting only for this child). */
  waitExit(): Promise<number | string>;
  isAlive(): boolean;
  /** SIGTERM the group, wait up to graceMs, then SIGKILL. Resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** Last lines of the log, for error messages. */
  logTail(lines?: number): string;
}

const live = new Set<ManagedProcess & { killNow(): void }>();
const tempDirs = new Set<string>();
let hooksInstalled = false;

/** Remove this directory when the process exits, if its owner has not (a test that failed before stop()). */
export function removeOnExit(dir: string): () => void {
  installExitHooks();
  tempDirs.add(dir);
  return () => tempDirs.delete(dir);
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const killAll = () => {
    for (const p of live) p.killNow();
    for (const d of tempDirs) {
      try {
        rmSync(d, { recursive: true, force: true });
      } catch {
        // best effort at exit
      }
    }
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Only take over the signal's default if nobody else handles it, and keep its meaning (exit).
    // An owner with its own handler (the sandbox CLI stops its kept nodes cleanly) decides when to exit;
    // the 'exit' hook above still kills whatever it left.
    process.once(sig, () => {
      if (process.listenerCount(sig) > 0) return;
      killAll();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

export function spawnManaged(name: string, command: string, args: readonly string[], logFile: string): ManagedProcess {
  installExitHooks();
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name}: spawn of ${command} failed`);
  const pid = child.pid;
  let alive = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      live.delete(proc);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (e) => {
      alive = false;
      live.delete(proc);
      resolve(`spawn error: ${e.message}`);
    });
  });
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // The group is already gone.
    }
  };
  // A fresh machine's `npm run crash-matrix` died with exit 13 (top-level await never settled) while the
  // chain template waited for its wallet-rpc to exit: nothing else held the loop.
  const waitExit = async () => {
    const hold = setInterval(() => undefined, 1_000);
    try {
      return await exited;
    } finally {
      clearInterval(hold);
    }
  };
  const proc = {
    name,
    pid,
    logFile,
    exited,
    waitExit,
    isAlive: () => alive,
    killNow: () => signalGroup('SIGKILL'),
    async stop(graceMs = 0) {
      if (!alive) return;
      if (graceMs > 0) {
        signalGroup('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), graceMs)));
        const first = await Promise.race([waitExit(), late]);
        clearTimeout(timer);
        if (first !== 'timeout') return;
      }
      signalGroup('SIGKILL');
      await waitExit();
    },
    logTail(lines = 15) {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
  };
  live.add(proc);
  // The child handle must not keep the event loop alive: tests end, hooks kill.
  child.unref();
  return proc;
}
