// The supervisor's worker process: spawn it, kill it when it never says 'ready', restart it with backoff when it dies, stop it on request.
// Invariant: there is no retry limit; a worker that lived stableMs resets the backoff; only the current worker's messages and exit count.
import type { Chain } from '../../shared/syncer/messages';
import { backoffDelay, type BackoffPolicy } from '../../shared/syncer/backoff';
import type { SpawnPort, WorkerHandle } from './spawn-port';
import type { SupervisorOutlet } from './supervisor-outlet';

export interface WorkerSlot {
  worker: WorkerHandle | null;
  /** The current worker said 'ready' and got its config: tasks may be sent to it. */
  ready: boolean;
  stopping: boolean;
  /** A restart asked for (new endpoints): the exit is expected, the next worker starts at once. */
  restarting: boolean;
  attempt: number;
  restartTimer: NodeJS.Timeout | null;
  exitWaiters: (() => void)[];
}

export interface RestartPolicy {
  readonly spawn: SpawnPort;
  readonly backoff: BackoffPolicy;
  readonly stableMs: number;
  readonly readyTimeoutMs: number;
  readonly random?: () => number;
}

export interface WorkerLifecycle {
  readonly chain: Chain;
  readonly policy: RestartPolicy;
  readonly outlet: SupervisorOutlet;
  readonly slot: WorkerSlot;
  readonly onMessage: (raw: unknown) => void;
}

export const newWorkerSlot = (): WorkerSlot => ({ worker: null, ready: false, stopping: false, restarting: false, attempt: 0, restartTimer: null, exitWaiters: [] });

const logLine = (lc: WorkerLifecycle, level: string, message: string) => lc.outlet.publish({ type: 'log', chain: lc.chain, level, message });

export function spawnWorker(lc: WorkerLifecycle): void {
  const { slot, chain } = lc;
  slot.restartTimer = null;
  if (slot.stopping) return;
  slot.ready = false;
  lc.outlet.setHealth({ worker: 'starting', workerPid: null });
  const startedAt = Date.now();
  let w: WorkerHandle;
  try {
    w = lc.policy.spawn.spawn(chain);
  } catch (e) {
    logLine(lc, 'error', `spawn failed: ${e instanceof Error ? e.message : String(e)}`);
    scheduleRestart(lc, startedAt);
    return;
  }
  slot.worker = w;
  const readyTimer = killIfNeverReady(lc, w);
  w.onMessage((m) => {
    if (slot.worker === w) lc.onMessage(m);
  });
  w.onExit((code, signal) => {
    clearTimeout(readyTimer);
    if (slot.worker === w) onWorkerExit(lc, w, startedAt, signal ?? code);
  });
}

function killIfNeverReady(lc: WorkerLifecycle, w: WorkerHandle): NodeJS.Timeout {
  const ms = lc.policy.readyTimeoutMs;
  return setTimeout(() => {
    if (lc.slot.worker === w && !lc.slot.ready) {
      logLine(lc, 'error', `${lc.chain} worker ${w.pid} not ready after ${ms} ms; killing it`);
      w.kill();
    }
  }, ms);
}

function onWorkerExit(lc: WorkerLifecycle, w: WorkerHandle, startedAt: number, how: string | number | null): void {
  const { slot } = lc;
  slot.worker = null;
  slot.ready = false;
  const waiters = slot.exitWaiters;
  slot.exitWaiters = [];
  for (const f of waiters) f();
  if (slot.stopping) {
    lc.outlet.setHealth({ worker: 'stopped', workerPid: null });
    return;
  }
  if (slot.restarting) return;
  logLine(lc, 'warn', `${lc.chain} worker ${w.pid} exited (${how}); restarting`);
  lc.outlet.setHealth({ worker: 'down', workerPid: null, restarts: lc.outlet.health().restarts + 1 });
  scheduleRestart(lc, startedAt);
}

function scheduleRestart(lc: WorkerLifecycle, startedAt: number): void {
  const { slot, policy } = lc;
  if (Date.now() - startedAt >= policy.stableMs) slot.attempt = 0;
  const delay = backoffDelay(policy.backoff, slot.attempt++, policy.random);
  slot.restartTimer = setTimeout(() => spawnWorker(lc), delay);
}

/** Ask the worker to shut down (killed after 3 s if it does not), and wait for its exit. */
export async function stopWorker(lc: WorkerLifecycle): Promise<void> {
  const { slot } = lc;
  slot.stopping = true;
  if (slot.restartTimer) clearTimeout(slot.restartTimer);
  const w = slot.worker;
  if (!w) {
    lc.outlet.setHealth({ worker: 'stopped', workerPid: null });
    return;
  }
  await shutDown(lc, w);
}

/** Stop the worker and start a new one at once (it is configured afresh and gets the task set again on 'ready'). */
export async function restartWorker(lc: WorkerLifecycle): Promise<void> {
  const { slot } = lc;
  if (slot.stopping) return;
  const w = slot.worker;
  if (w) {
    slot.restarting = true;
    try {
      await shutDown(lc, w);
    } finally {
      slot.restarting = false;
    }
  }
  if (slot.restartTimer) clearTimeout(slot.restartTimer);
  slot.attempt = 0;
  spawnWorker(lc);
}

async function shutDown(lc: WorkerLifecycle, w: WorkerHandle): Promise<void> {
  const { slot } = lc;
  const gone = new Promise<void>((r) => slot.exitWaiters.push(r));
  w.send({ type: 'shutdown' });
  const t = setTimeout(() => w.kill(), 3_000);
  await gone;
  clearTimeout(t);
  // Helpers (wallet-rpc) of a worker that exited on its own are reaped with its group.
  w.kill();
}
