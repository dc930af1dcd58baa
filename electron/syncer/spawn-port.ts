// How the supervisor starts a syncer worker process: child_process.fork of the TS entry under plain Node (tests, headless daemon);
// Electron's utilityProcess plugs in behind the same interface from the entry files.
// Invariant: killing a worker kills its whole process group, so its monero-wallet-rpc children die with it.
import { fork } from 'node:child_process';
import type { Chain } from '../../shared/syncer/messages';
import { childEntry } from '../child-entry';

export interface WorkerHandle {
  readonly pid: number;
  /** false when the channel is closed (the message is dropped; the supervisor re-sends after restart). */
  send(message: unknown): boolean;
  onMessage(handler: (message: unknown) => void): void;
  onExit(handler: (code: number | null, signal: string | null) => void): void;
  /** SIGKILL the worker and everything it started. */
  kill(): void;
}

export interface SpawnPort {
  spawn(chain: Chain): WorkerHandle;
}

const live = new Set<number>();
let hooked = false;
const killGroup = (pid: number) => {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
};

const WORKER = childEntry(import.meta.url, './worker-main.ts', 'worker-main.mjs');
export const WORKER_ENTRY = WORKER.entry;

export function forkSpawnPort(opts: { entry?: string; execArgv?: readonly string[] } = {}): SpawnPort {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const pid of live) killGroup(pid);
    });
  }
  return {
    spawn(chain) {
      const child = fork(opts.entry ?? WORKER_ENTRY, [chain], {
        execArgv: [...(opts.execArgv ?? (opts.entry ? [] : WORKER.execArgv))],
        // Own process group: one kill(-pid) reaches the worker's wallet-rpc children too.
        detached: true,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'json',
      });
      if (child.pid === undefined) throw new Error(`syncer worker (${chain}): fork failed`);
      const pid = child.pid;
      live.add(pid);
      child.on('exit', () => {
        live.delete(pid);
        // Orphaned helpers of a worker killed with -9 are still in its group.
        killGroup(pid);
      });
      child.on('error', () => undefined);
      return {
        pid,
        send: (m) => {
          if (!child.connected) return false;
          try {
            return child.send(m as object);
          } catch {
            return false;
          }
        },
        onMessage: (h) => child.on('message', (m) => h(m)),
        onExit: (h) => child.on('exit', (code, signal) => h(code, signal)),
        kill: () => killGroup(pid),
      };
    },
  };
}
