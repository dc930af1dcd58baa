// The supervisor's task set: admits tasks, records what each produced, and knows which tasks a (re)started worker must get.
// Invariant: tasks outlive workers: the live set (minus finished one-shots) is re-sent after every restart; a repeated task gets its recorded events, not a second effect.
import { err, ok, type AppError, type Result } from '../../shared/result';
import type { TaskId } from '../../shared/ids';
import type { BtcTask, Chain, SyncerEvent, XmrTask } from '../../shared/syncer/messages';
import { TaskTable } from '../../shared/syncer/task-table';
import type { SupervisorOutlet } from './supervisor-outlet';

export type AnyTask = BtcTask | XmrTask;
export type SupervisorErrorKind = 'invalid-task' | 'task-conflict' | 'stopped';

/** One-shot tasks end with these events and are not re-sent after a restart. */
const FINAL_EVENTS = new Set<SyncerEvent['kind']>(['broadcast-result', 'fee-estimate', 'sweep-result']);

export interface SupervisedTasks {
  readonly table: TaskTable<AnyTask>;
  /** One-shots that ended (see FINAL_EVENTS). */
  readonly finished: Set<TaskId>;
}

/** The current worker as the task set sees it: up (ready) or not, and a way to hand it a task. */
export interface TaskOutlet {
  readonly chain: Chain;
  readonly outlet: SupervisorOutlet;
  isUp(): boolean;
  forward(task: AnyTask): void;
}

export const newSupervisedTasks = (): SupervisedTasks => ({ table: new TaskTable<AnyTask>(), finished: new Set() });

/** Live tasks that a restarted worker would receive. */
export const liveTasks = (t: SupervisedTasks): AnyTask[] => t.table.tasks().filter((task) => !t.finished.has(task.id));

/** Record a worker's event; false when it is no news (a restarted worker repeats what it already said). */
export function recordEvent(t: SupervisedTasks, ev: SyncerEvent): boolean {
  if (!t.table.record(ev)) return false;
  if ('taskId' in ev && FINAL_EVENTS.has(ev.kind)) t.finished.add(ev.taskId);
  return true;
}

/** Admit a validated task: forward it, replay a repeat's events, or refuse a different task under a known id. */
export function admitTask(t: SupervisedTasks, to: TaskOutlet, task: AnyTask): Result<void, AppError<SupervisorErrorKind>> {
  if (task.kind === 'abort') {
    abortTasks(t, to, task);
    return ok(undefined);
  }
  const a = t.table.admit(task);
  if (a.kind === 'conflict') return err({ kind: 'task-conflict', message: a.error });
  if (a.kind === 'duplicate') {
    for (const ev of a.replay) to.outlet.publish({ type: 'syncer', chain: to.chain, event: ev });
    return ok(undefined);
  }
  to.forward(task);
  return ok(undefined);
}

/** A worker that is up acknowledges the abort itself; without one the supervisor does, for every task it removed. */
function abortTasks(t: SupervisedTasks, to: TaskOutlet, task: Extract<AnyTask, { kind: 'abort' }>): void {
  const ids = t.table.remove(task.target);
  for (const id of ids) t.finished.delete(id);
  if (to.isUp()) to.forward(task);
  else for (const id of new Set<TaskId>([...ids, task.id])) to.outlet.publish({ type: 'syncer', chain: to.chain, event: { kind: 'task-aborted', taskId: id } });
}
