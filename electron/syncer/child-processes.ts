// Spawns the worker's own helper processes (monero-wallet-rpc) inside the worker's process group and kills them on exit.
// Invariant: a helper never outlives its worker: killed on stop, on worker exit, and (same process group) when the supervisor kills the group.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ChildProcessHandle {
  readonly pid: number;
  readonly exited: Promise<number | string>;
  isAlive(): boolean;
  stop(graceMs?: number): Promise<void>;
  logTail(lines?: number): string;
}

const live = new Map<number, ChildProcessHandle>();
let hooked = false;

export function killAllChildren(): void {
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function spawnChild(command: string, args: readonly string[], logFile: string): ChildProcessHandle {
  if (!hooked) {
    hooked = true;
    process.on('exit', killAllChildren);
  }
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let alive = true;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (e) => resolve(`spawn error: ${e.message}`));
  }).finally(() => {
    alive = false;
    if (child.pid !== undefined) live.delete(child.pid);
  });
  const pid = child.pid ?? -1;
  const h: ChildProcessHandle = {
    pid,
    exited,
    isAlive: () => alive,
    async stop(graceMs = 0) {
      if (!alive) return;
      if (graceMs > 0) {
        child.kill('SIGTERM');
        const t = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
        if ((await Promise.race([exited, t])) !== 'timeout') return;
      }
      child.kill('SIGKILL');
      await exited;
    },
    logTail(lines = 10) {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
  };
  if (pid > 0) live.set(pid, h);
  return h;
}
