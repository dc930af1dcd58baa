// Daemon-side owner of one chain's syncer worker: holds the task set, restarts a dead worker with backoff and re-sends every task.
// Invariant: tasks outlive workers: after any crash the new worker gets the full live set (minus finished one-shots), forever, with no retry limit.
import { err, ok, type AppError, type Result } from '../../shared/result';
import type { TaskId } from '../../shared/ids';
import type { BtcTask, Chain, SyncerEvent, XmrTask } from '../../shared/syncer/messages';
import { TaskTable } from '../../shared/syncer/task-table';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../shared/syncer/backoff';
import { FromWorkerSchema, describeZodError, taskSchemaFor, type WorkerConfig } from '../../shared/syncer/worker-protocol';
import type { SpawnPort, WorkerHandle } from './spawn-port';

type AnyTask = BtcTask | XmrTask;

export interface SyncerHealth {
  readonly chain: Chain;
  readonly worker: 'starting' | 'up' | 'down' | 'stopped';
  readonly backend: 'unknown' | 'ok' | 'unreachable' | 'stalled';
  readonly error: string | null;
  readonly restarts: number;
  readonly tipHeight: number | null;
  readonly workerPid: number | null;
}

export type SupervisorEvent =
  | { readonly type: 'syncer'; readonly chain: Chain; readonly event: SyncerEvent }
  | { readonly type: 'health'; readonly chain: Chain; readonly health: SyncerHealth }
  /** The worker refused a message, or sent one that fails the schema: a bug on one side, never fatal. */
  | { readonly type: 'protocol-error'; readonly chain: Chain; readonly error: string }
  | { readonly type: 'log'; readonly chain: Chain; readonly level: string; readonly message: string };

export type SupervisorErrorKind = 'invalid-task' | 'task-conflict' | 'stopped';

export interface SupervisorOptions {
  readonly config: WorkerConfig;
  readonly spawn: SpawnPort;
  readonly backoff?: BackoffPolicy;
  /** A worker that lived this long resets the restart backoff. */
  readonly stableMs?: number;
  /** A worker that has not said 'ready' by then is killed and restarted (default 60 s). */
  readonly readyTimeoutMs?: number;
  readonly random?: () => number;
}

export interface Supervisor {
  readonly chain: Chain;
  /** Validate and record a task, forward it if the worker is up; a repeat gets its recorded events at once. */
  send(task: unknown): Result<void, AppError<SupervisorErrorKind>>;
  subscribe(listener: (e: SupervisorEvent) => void): () => void;
  health(): SyncerHealth;
  /** Live tasks that a restarted worker would receive. */
  pendingTasks(): AnyTask[];
  stop(): Promise<void>;
}

/** One-shot tasks end with these events and are not re-sent after a restart. */
const FINAL_EVENTS = new Set<SyncerEvent['kind']>(['broadcast-result', 'fee-estimate', 'sweep-result']);

export function startSupervisor(opts: SupervisorOptions): Supervisor {
  const chain = opts.config.chain;
  const taskSchema = taskSchemaFor(chain);
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  const stableMs = opts.stableMs ?? 30_000;
  const table = new TaskTable<AnyTask>();
  const finished = new Set<TaskId>();
  const listeners = new Set<(e: SupervisorEvent) => void>();
  let worker: WorkerHandle | null = null;
  let ready = false;
  let stopping = false;
  let attempt = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let exitWaiters: (() => void)[] = [];
  let health: SyncerHealth = { chain, worker: 'starting', backend: 'unknown', error: null, restarts: 0, tipHeight: null, workerPid: null };

  const publish = (e: SupervisorEvent) => {
    for (const l of [...listeners]) {
      try {
        l(e);
      } catch {
        // A listener's bug must not stop the others or the supervisor.
      }
    }
  };
  const setHealth = (patch: Partial<SyncerHealth>) => {
    const next = { ...health, ...patch };
    if (JSON.stringify(next) === JSON.stringify(health)) return;
    health = next;
    publish({ type: 'health', chain, health });
  };

  const forward = (task: AnyTask) => {
    if (worker && ready) worker.send({ type: 'task', task });
  };

  function onWorkerMessage(raw: unknown) {
    const p = FromWorkerSchema.safeParse(raw);
    if (!p.success) {
      publish({ type: 'protocol-error', chain, error: `malformed message from the ${chain} worker: ${describeZodError(p.error)}` });
      return;
    }
    const m = p.data;
    switch (m.type) {
      case 'ready':
        ready = true;
        worker?.send({ type: 'configure', config: opts.config });
        for (const t of table.tasks()) if (!finished.has(t.id)) forward(t);
        setHealth({ worker: 'up', workerPid: m.pid });
        return;
      case 'tip':
        setHealth({ backend: 'ok', error: null, tipHeight: m.height });
        return;
      case 'rejected':
        publish({ type: 'protocol-error', chain, error: m.error });
        return;
      case 'log':
        publish({ type: 'log', chain, level: m.level, message: m.message });
        return;
      case 'event': {
        const ev = m.event;
        switch (ev.kind) {
          case 'backend-unreachable':
            setHealth({ backend: 'unreachable', error: ev.error });
            break;
          case 'backend-recovered':
            setHealth({ backend: 'ok', error: null });
            break;
          case 'tip-stalled':
            setHealth({ backend: 'stalled' });
            break;
          default:
            break;
        }
        if (ev.kind === 'task-aborted') {
          publish({ type: 'syncer', chain, event: ev });
          return;
        }
        // A restarted worker repeats what it already said: pass on only news.
        if (!table.record(ev)) return;
        if ('taskId' in ev && FINAL_EVENTS.has(ev.kind)) finished.add(ev.taskId);
        publish({ type: 'syncer', chain, event: ev });
        return;
      }
    }
  }

  function spawnWorker() {
    restartTimer = null;
    if (stopping) return;
    ready = false;
    setHealth({ worker: 'starting', workerPid: null });
    const startedAt = Date.now();
    let w: WorkerHandle;
    try {
      w = opts.spawn.spawn(chain);
    } catch (e) {
      publish({ type: 'log', chain, level: 'error', message: `spawn failed: ${e instanceof Error ? e.message : String(e)}` });
      scheduleRestart(startedAt);
      return;
    }
    worker = w;
    const readyTimer = setTimeout(() => {
      if (worker === w && !ready) {
        publish({ type: 'log', chain, level: 'error', message: `${chain} worker ${w.pid} not ready after ${opts.readyTimeoutMs ?? 60_000} ms; killing it` });
        w.kill();
      }
    }, opts.readyTimeoutMs ?? 60_000);
    w.onMessage((m) => {
      if (worker === w) onWorkerMessage(m);
    });
    w.onExit((code, signal) => {
      clearTimeout(readyTimer);
      if (worker !== w) return;
      worker = null;
      ready = false;
      const waiters = exitWaiters;
      exitWaiters = [];
      for (const f of waiters) f();
      if (stopping) {
        setHealth({ worker: 'stopped', workerPid: null });
        return;
      }
      publish({ type: 'log', chain, level: 'warn', message: `${chain} worker ${w.pid} exited (${signal ?? code}); restarting` });
      setHealth({ worker: 'down', workerPid: null, restarts: health.restarts + 1 });
      scheduleRestart(startedAt);
    });
  }

  function scheduleRestart(startedAt: number) {
    if (Date.now() - startedAt >= stableMs) attempt = 0;
    const delay = backoffDelay(policy, attempt++, opts.random);
    restartTimer = setTimeout(spawnWorker, delay);
  }

  spawnWorker();

  return {
    chain,
    send(raw) {
      if (stopping) return err({ kind: 'stopped', message: `the ${chain} syncer is stopped` });
      const p = taskSchema.safeParse(raw);
      if (!p.success) return err({ kind: 'invalid-task', message: `invalid ${chain} task: ${describeZodError(p.error)}` });
      const task = p.data as AnyTask;
      if (task.kind === 'abort') {
        const ids = table.remove(task.target);
        for (const id of ids) finished.delete(id);
        if (worker && ready) forward(task);
        else for (const id of new Set<TaskId>([...ids, task.id])) publish({ type: 'syncer', chain, event: { kind: 'task-aborted', taskId: id } });
        return ok(undefined);
      }
      const a = table.admit(task);
      if (a.kind === 'conflict') return err({ kind: 'task-conflict', message: a.error });
      if (a.kind === 'duplicate') {
        for (const ev of a.replay) publish({ type: 'syncer', chain, event: ev });
        return ok(undefined);
      }
      forward(task);
      return ok(undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    health: () => health,
    pendingTasks: () => table.tasks().filter((t) => !finished.has(t.id)),
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const w = worker;
      if (!w) {
        setHealth({ worker: 'stopped', workerPid: null });
        return;
      }
      const gone = new Promise<void>((r) => exitWaiters.push(r));
      w.send({ type: 'shutdown' });
      const t = setTimeout(() => w.kill(), 3_000);
      await gone;
      clearTimeout(t);
      // Helpers (wallet-rpc) of a worker that exited on its own are reaped with its group.
      w.kill();
    },
  };
}
