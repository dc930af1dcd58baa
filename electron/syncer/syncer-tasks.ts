// A syncer worker's task intake: schema-checks each task, admits it to the task table once, and carries out aborts.
// Invariant: a task id has one effect: a repeat gets its recorded events replayed, a different task under a known id is a task-error.
import type { TaskId } from '../../shared/ids';
import type { BtcTask, Chain, XmrTask } from '../../shared/syncer/messages';
import type { TaskTable } from '../../shared/syncer/task-table';
import { describeZodError, taskSchemaFor, type FromWorker } from '../../shared/syncer/worker-protocol';
import type { ChainBackend } from './chain-backend';
import type { SendEvent } from './syncer-events';

type AnyTask = BtcTask | XmrTask;

export interface TaskIntake {
  readonly chain: Chain;
  readonly table: TaskTable<AnyTask>;
  readonly taskSchema: ReturnType<typeof taskSchemaFor>;
  readonly send: (m: FromWorker) => void;
  readonly sendEvent: SendEvent;
  /** null until the worker is configured. */
  backend(): ChainBackend<AnyTask> | null;
  /** Poll soon: a new task wants its first answer. */
  kick(): void;
}

export function onTask(t: TaskIntake, raw: unknown): void {
  const p = t.taskSchema.safeParse(raw);
  if (!p.success) {
    const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
    t.send({ type: 'rejected', error: `invalid ${t.chain} task${typeof id === 'string' ? ` ${id.slice(0, 80)}` : ''}: ${describeZodError(p.error)}` });
    return;
  }
  const task = p.data as AnyTask;
  const backend = t.backend();
  if (!backend) {
    t.send({ type: 'rejected', error: `task ${task.id} arrived before configure` });
    return;
  }
  if (task.kind === 'abort') {
    void abort(t, backend, task.id, task.target);
    return;
  }
  const a = t.table.admit(task);
  switch (a.kind) {
    case 'new':
      backend.add(task);
      t.kick();
      return;
    case 'duplicate':
      for (const ev of a.replay) t.sendEvent(ev);
      return;
    case 'conflict':
      t.sendEvent({ kind: 'task-error', taskId: task.id, error: a.error });
      return;
  }
}

/** Remove the target (or all) from the table and the backend, then acknowledge each removed id and the abort itself. */
async function abort(t: TaskIntake, backend: ChainBackend<AnyTask>, abortId: TaskId, target: TaskId | 'all'): Promise<void> {
  const ids = t.table.remove(target);
  for (const id of ids) await backend.remove(id);
  const acked = new Set<TaskId>(target === 'all' ? ids : [target]);
  acked.add(abortId);
  for (const id of acked) t.sendEvent({ kind: 'task-aborted', taskId: id });
}
