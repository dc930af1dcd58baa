// The chain-agnostic inside of a syncer worker: parses envelopes, keeps the task table, runs the poll loop with backoff.
// Invariant: every inbound message is schema-checked (a bad one is rejected, never fatal); a task id has one effect; the loop never stops while tasks live.
import type { TaskId } from '../../shared/ids';
import { SyncerEventSchema, type BtcTask, type Chain, type SyncerEvent, type XmrTask } from '../../shared/syncer/messages';
import { TaskTable } from '../../shared/syncer/task-table';
import { BackendHealth } from '../../shared/syncer/backend-health';
import { backoffDelay } from '../../shared/syncer/backoff';
import {
  ToWorkerSchema,
  describeZodError,
  taskSchemaFor,
  type FromWorker,
  type WorkerConfig,
} from '../../shared/syncer/worker-protocol';
import type { ChainBackend, Emit, Log } from './chain-backend';

type AnyTask = BtcTask | XmrTask;

export interface SyncerCoreOptions {
  readonly chain: Chain;
  readonly send: (m: FromWorker) => void;
  readonly makeBackend: (config: WorkerConfig, emit: Emit, log: Log) => ChainBackend<AnyTask>;
  readonly now?: () => number;
  /** Called after a 'shutdown' message has stopped the core (the worker process exits there). */
  readonly onShutdown?: () => void;
}

export interface SyncerCore {
  handle(raw: unknown): void;
  stop(): Promise<void>;
  /** Resolves after the next completed poll round (tests and shutdown). */
  settled(): Promise<void>;
}

export function createSyncerCore(opts: SyncerCoreOptions): SyncerCore {
  const now = opts.now ?? Date.now;
  const table = new TaskTable<AnyTask>();
  const taskSchema = taskSchemaFor(opts.chain);
  let backend: ChainBackend<AnyTask> | null = null;
  let config: WorkerConfig | null = null;
  let health: BackendHealth | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling = false;
  let again = false;
  let stopped = false;
  let waiters: (() => void)[] = [];
  let lastTip: string | null = null;

  const log: Log = (level, message) => opts.send({ type: 'log', level, message });

  const sendEvent = (ev: SyncerEvent) => {
    // The worker checks what it sends too: a malformed event is a backend bug, logged, not sent.
    const p = SyncerEventSchema.safeParse(ev);
    if (!p.success) {
      log('error', `dropping malformed ${ev.kind} event: ${describeZodError(p.error)}`);
      return;
    }
    opts.send({ type: 'event', event: p.data });
  };
  const emit: Emit = (ev) => {
    if (table.record(ev)) sendEvent(ev);
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
  };

  async function tick(): Promise<void> {
    timer = null;
    if (!backend || !health || !config || stopped) return;
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    let delay = config.pollMs;
    try {
      const r = await backend.poll();
      const evs = r.ok ? health.pollOk(r.height, r.hash, now()) : health.pollFailed(r.error, now());
      if (r.ok && r.hash !== lastTip) {
        lastTip = r.hash;
        opts.send({ type: 'tip', height: r.height, hash: r.hash });
      }
      for (const ev of evs) sendEvent(ev);
      if (!r.ok) delay = backoffDelay({ baseMs: config.pollMs, maxMs: config.maxBackoffMs, factor: 2, jitter: 0.2 }, health.failures - 1);
    } catch (e) {
      log('error', `poll failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      polling = false;
    }
    const w = waiters;
    waiters = [];
    for (const f of w) f();
    if (again) {
      again = false;
      schedule(0);
    } else {
      schedule(delay);
    }
  }

  const kick = () => {
    if (polling) again = true;
    else schedule(0);
  };

  async function abort(abortId: TaskId, target: TaskId | 'all') {
    const ids = table.remove(target);
    for (const id of ids) await backend?.remove(id);
    const acked = new Set<TaskId>(target === 'all' ? ids : [target]);
    acked.add(abortId);
    for (const id of acked) sendEvent({ kind: 'task-aborted', taskId: id });
  }

  function onTask(raw: unknown) {
    const p = taskSchema.safeParse(raw);
    if (!p.success) {
      const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
      opts.send({ type: 'rejected', error: `invalid ${opts.chain} task${typeof id === 'string' ? ` ${id.slice(0, 80)}` : ''}: ${describeZodError(p.error)}` });
      return;
    }
    const task = p.data as AnyTask;
    if (!backend) {
      opts.send({ type: 'rejected', error: `task ${task.id} arrived before configure` });
      return;
    }
    if (task.kind === 'abort') {
      void abort(task.id, task.target);
      return;
    }
    const a = table.admit(task);
    switch (a.kind) {
      case 'new':
        backend.add(task);
        kick();
        return;
      case 'duplicate':
        for (const ev of a.replay) sendEvent(ev);
        return;
      case 'conflict':
        sendEvent({ kind: 'task-error', taskId: task.id, error: a.error });
        return;
    }
  }

  return {
    handle(raw) {
      try {
        const p = ToWorkerSchema.safeParse(raw);
        if (!p.success) {
          opts.send({ type: 'rejected', error: `malformed message: ${describeZodError(p.error)}` });
          return;
        }
        const m = p.data;
        switch (m.type) {
          case 'configure':
            if (m.config.chain !== opts.chain) {
              opts.send({ type: 'rejected', error: `configure for ${m.config.chain} sent to the ${opts.chain} worker` });
              return;
            }
            if (backend) {
              opts.send({ type: 'rejected', error: 'configure sent twice; keeping the first' });
              return;
            }
            config = m.config;
            health = new BackendHealth(m.config.stallMs);
            backend = opts.makeBackend(m.config, emit, log);
            schedule(0);
            return;
          case 'task':
            onTask(m.task);
            return;
          case 'shutdown':
            void this.stop().finally(() => opts.onShutdown?.());
            return;
        }
      } catch (e) {
        opts.send({ type: 'rejected', error: `message handling failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await backend?.close();
    },
    settled() {
      return new Promise((r) => waiters.push(r));
    },
  };
}
