// Daemon-side owner of one chain's syncer worker: holds the task set, restarts a dead worker with backoff and re-sends every task.
// Invariant: tasks outlive workers: after any crash the new worker gets the full live set (minus finished one-shots), forever, with no retry limit.
import { err, type AppError, type Result } from '../../shared/result';
import type { Chain, SyncerEvent } from '../../shared/syncer/messages';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../shared/syncer/backoff';
import { FromWorkerSchema, describeZodError, taskSchemaFor, type WorkerConfig } from '../../shared/syncer/worker-protocol';
import type { SpawnPort } from './spawn-port';
import { backendHealthPatch, createOutlet, type SupervisorEvent, type SupervisorOutlet, type SyncerHealth } from './supervisor-outlet';
import { admitTask, liveTasks, newSupervisedTasks, recordEvent, type AnyTask, type SupervisedTasks, type SupervisorErrorKind, type TaskOutlet } from './supervisor-tasks';
import { newWorkerSlot, restartWorker, spawnWorker, stopWorker, type WorkerLifecycle, type WorkerSlot } from './supervisor-worker';

export type { SupervisorEvent, SyncerHealth } from './supervisor-outlet';
export type { SupervisorErrorKind } from './supervisor-tasks';

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
  /** New endpoints (Settings changed): restart the worker with this config; it gets the live task set again. */
  reconfigure(config: WorkerConfig): Promise<void>;
  stop(): Promise<void>;
}

interface SupervisorState {
  readonly chain: Chain;
  config: WorkerConfig;
  readonly outlet: SupervisorOutlet;
  readonly tasks: SupervisedTasks;
  readonly slot: WorkerSlot;
  readonly to: TaskOutlet;
}

export function startSupervisor(opts: SupervisorOptions): Supervisor {
  const chain = opts.config.chain;
  const taskSchema = taskSchemaFor(chain);
  const outlet = createOutlet(chain);
  const slot = newWorkerSlot();
  const to: TaskOutlet = {
    chain,
    outlet,
    isUp: () => slot.worker !== null && slot.ready,
    forward: (task) => {
      if (slot.worker && slot.ready) slot.worker.send({ type: 'task', task });
    },
  };
  const s: SupervisorState = { chain, config: opts.config, outlet, tasks: newSupervisedTasks(), slot, to };
  const lifecycle: WorkerLifecycle = {
    chain,
    policy: {
      spawn: opts.spawn,
      backoff: opts.backoff ?? DEFAULT_BACKOFF,
      stableMs: opts.stableMs ?? 30_000,
      readyTimeoutMs: opts.readyTimeoutMs ?? 60_000,
      random: opts.random,
    },
    outlet,
    slot,
    onMessage: (raw) => onWorkerMessage(s, raw),
  };
  spawnWorker(lifecycle);
  return {
    chain,
    send(raw) {
      if (slot.stopping) return err({ kind: 'stopped', message: `the ${chain} syncer is stopped` });
      const p = taskSchema.safeParse(raw);
      if (!p.success) return err({ kind: 'invalid-task', message: `invalid ${chain} task: ${describeZodError(p.error)}` });
      return admitTask(s.tasks, to, p.data as AnyTask);
    },
    subscribe: outlet.subscribe,
    health: outlet.health,
    pendingTasks: () => liveTasks(s.tasks),
    async reconfigure(config) {
      if (config.chain !== chain) throw new Error(`a ${config.chain} config for the ${chain} syncer`);
      s.config = config;
      outlet.setHealth({ endpoints: [], lastSwitch: null });
      await restartWorker(lifecycle);
    },
    stop: () => stopWorker(lifecycle),
  };
}

function onWorkerMessage(s: SupervisorState, raw: unknown): void {
  const { chain, outlet } = s;
  const p = FromWorkerSchema.safeParse(raw);
  if (!p.success) {
    outlet.publish({ type: 'protocol-error', chain, error: `malformed message from the ${chain} worker: ${describeZodError(p.error)}` });
    return;
  }
  const m = p.data;
  switch (m.type) {
    case 'ready':
      // A (re)started worker: configure it, then re-send the whole live task set.
      s.slot.ready = true;
      s.slot.worker?.send({ type: 'configure', config: s.config });
      for (const t of liveTasks(s.tasks)) s.to.forward(t);
      outlet.setHealth({ worker: 'up', workerPid: m.pid });
      return;
    case 'tip':
      outlet.setHealth({ backend: 'ok', error: null, tipHeight: m.height });
      return;
    case 'endpoints':
      outlet.setHealth({ endpoints: m.endpoints });
      return;
    case 'rejected':
      outlet.publish({ type: 'protocol-error', chain, error: m.error });
      return;
    case 'log':
      outlet.publish({ type: 'log', chain, level: m.level, message: m.message });
      return;
    case 'event':
      onWorkerEvent(s, m.event);
      return;
  }
}

function onWorkerEvent(s: SupervisorState, ev: SyncerEvent): void {
  const patch = backendHealthPatch(ev);
  if (patch) s.outlet.setHealth(patch);
  // An abort's acknowledgement is passed on as is: its task is already gone from the table.
  if (ev.kind !== 'task-aborted' && !recordEvent(s.tasks, ev)) return;
  s.outlet.publish({ type: 'syncer', chain: s.chain, event: ev });
}
