// The chain-agnostic inside of a syncer worker: parses envelopes, keeps the task table, runs the poll loop with backoff.
// Invariant: every inbound message is schema-checked (a bad one is rejected, never fatal); a task id has one effect; the loop never stops while tasks live.
import type { BtcTask, Chain, XmrTask } from '../../shared/syncer/messages';
import { TaskTable } from '../../shared/syncer/task-table';
import { ToWorkerSchema, describeZodError, taskSchemaFor, type FromWorker, type WorkerConfig } from '../../shared/syncer/worker-protocol';
import type { ChainBackend, Emit, Log } from './chain-backend';
import { backendEmit, eventSender } from './syncer-events';
import { endpointConfigs, failoverBackend } from './node-failover';
import { kickPoll, newPollLoop, startPolling, stopPolling, whenSettled, type PollLoop } from './syncer-poll-loop';
import { onTask, type TaskIntake } from './syncer-tasks';

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
  const log: Log = (level, message) => opts.send({ type: 'log', level, message });
  const sendEvent = eventSender(opts.send, log);
  const table = new TaskTable<AnyTask>();
  const loop = newPollLoop({ send: opts.send, sendEvent, log, now: opts.now ?? Date.now });
  const intake: TaskIntake = {
    chain: opts.chain,
    table,
    taskSchema: taskSchemaFor(opts.chain),
    send: opts.send,
    sendEvent,
    backend: () => loop.run?.backend ?? null,
    kick: () => kickPoll(loop),
  };
  const stop = () => stopPolling(loop);
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
            configure(opts, loop, m.config, backendEmit(table, sendEvent), log);
            return;
          case 'task':
            onTask(intake, m.task);
            return;
          case 'shutdown':
            void stop().finally(() => opts.onShutdown?.());
            return;
        }
      } catch (e) {
        opts.send({ type: 'rejected', error: `message handling failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    stop,
    settled: () => whenSettled(loop),
  };
}

/** The first configure for this chain makes the backend and starts polling; any other is refused. */
function configure(opts: SyncerCoreOptions, loop: PollLoop, config: WorkerConfig, emit: Emit, log: Log): void {
  if (config.chain !== opts.chain) {
    opts.send({ type: 'rejected', error: `configure for ${config.chain} sent to the ${opts.chain} worker` });
    return;
  }
  if (loop.run) {
    opts.send({ type: 'rejected', error: 'configure sent twice; keeping the first' });
    return;
  }
  // Even one endpoint goes through the failover wrapper: its health report names the node in use.
  const backend = failoverBackend<AnyTask>({
    configs: endpointConfigs(config),
    make: (c) => opts.makeBackend(c, emit, log),
    emit,
    log,
    report: (endpoints) => opts.send({ type: 'endpoints', endpoints }),
    now: opts.now ?? Date.now,
  });
  startPolling(loop, config, backend);
}
